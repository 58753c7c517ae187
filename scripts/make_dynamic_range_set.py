#!/usr/bin/python3
"""Rebuilds the labelled evidence of photo.dynamic_range (EVALUATION.md section 8.2).

Usage: /usr/bin/python3 scripts/make_dynamic_range_set.py CONGRESS_DIR LABELS_CSV SPLITS VOTEVIEW_GIT OUT_DIR

CONGRESS_DIR: the US Congress portraits of tests/corpus/congress225 (225 x 275) and LABELS_CSV its
labels.csv; SPLITS: comma-separated splits to wash out (train,validation to choose the limit; test
to report); VOTEVIEW_GIT: the git directory of voteview/member_photos (commit
687cf7a9212a445431ad7441d8bfd0b7bf297eff). Writes OUT_DIR/labels.csv (image,check,expected):
- every portrait of SPLITS as it is (pass), and washed out four ways (fail): towards white
  (out = 255 - (255 - in) * c, a faded print or an over-bright scan) and towards its mean grey
  (contrast turned down), keeping c = 0.5 or 0.35 of the contrast;
- the 97 bio_guide photos of tests/data/quality/bioguide_contrast_labels.csv, labelled by eye
  (that file's header line in tests/data/quality/PROVENANCE.md), as they are.
"""
import csv, os, subprocess, sys

import cv2
import numpy as np

COMMIT = "687cf7a9212a445431ad7441d8bfd0b7bf297eff"
HERE = os.path.dirname(os.path.abspath(__file__))


def main(congress, labels_csv, splits, voteview, out):
    os.makedirs(out, exist_ok=True)
    rows = []
    wanted = set(splits.split(","))
    for r in csv.DictReader(open(labels_csv)):
        if r["split"] not in wanted:
            continue
        img = cv2.imread(os.path.join(congress, r["file"]))
        if img is None:
            continue
        stem = r["file"][:-4]
        cv2.imwrite(os.path.join(out, f"congress_{stem}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 92])
        rows.append((f"congress_{stem}.jpg", "pass"))
        f = img.astype(np.float32)
        for c in (0.5, 0.35):
            for name, towards in (("white", 255.0), ("mid", float(f.mean()))):
                washed = (towards + (f - towards) * c).clip(0, 255).astype(np.uint8)
                cv2.imwrite(os.path.join(out, f"congress_{stem}_{name}{c}.jpg"), washed, [cv2.IMWRITE_JPEG_QUALITY, 92])
                rows.append((f"congress_{stem}_{name}{c}.jpg", "fail"))
    labels = os.path.join(HERE, "..", "tests", "data", "quality", "bioguide_contrast_labels.csv")
    for r in csv.DictReader(open(labels)):
        data = subprocess.run(["git", f"--git-dir={voteview}", "show", f"{COMMIT}:{r['file']}"],
                              capture_output=True, check=True).stdout
        name = "bioguide_" + os.path.basename(r["file"])
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
        rows.append((name, r["expected"]))
    with open(os.path.join(out, "labels.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["image", "check", "expected"])
        for name, expected in rows:
            w.writerow([name, "photo.dynamic_range", expected])
    print(f"{len(rows)} photos in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
