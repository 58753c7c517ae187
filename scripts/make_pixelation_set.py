#!/usr/bin/python3
"""Rebuilds the labelled evidence of photo.pixelation (EVALUATION.md section 8.2) from real photos.

Usage: /usr/bin/python3 scripts/make_pixelation_set.py SHARED_FACES CONGRESS_DIR LABELS_CSV VOTEVIEW_GIT OUT_DIR

SHARED_FACES: the 45 public-domain portraits (../shared/faces, 675 x 825); CONGRESS_DIR: the
US Congress portraits of tests/corpus/congress225 (225 x 275) and LABELS_CSV its labels.csv (only
the test split is used); VOTEVIEW_GIT: the git directory of voteview/member_photos (commit
687cf7a9212a445431ad7441d8bfd0b7bf297eff; images/bio_guide, about 175 px wide). Writes the photos
and OUT_DIR/labels.csv (image,check,expected) for `conforme eval`.

Expected verdicts come from how each photo was made, never from the check:
- pass: a shared portrait whose own eye distance is >= 90 px (photo.resolution passes) and which
  was not labelled enlarged by eye; the same re-encoded as JPEG quality 30 (compression is not
  enlargement); the same enlarged 1.5 times (Lanczos): enlarged, but its detail is still worth
  >= 90 px between the eyes.
- fail: the three shared portraits labelled enlarged by eye (BY_EYE); every shared portrait
  reduced to a third (area) and enlarged back 3 times; the Congress test-split portraits (45-60 px
  between the eyes) enlarged 2, 3 or 4 times; bio_guide photos enlarged 3 or 4 times. Their detail is worth
  under 90 px between the eyes, whatever their pixel count.
The enlargement method cycles through nearest neighbour, bilinear, bicubic and Lanczos, the factor
through the list, by the photo's rank: the set is the same on every run.
"""
import csv, os, subprocess, sys

import cv2
import numpy as np

# Labelled by eye (2x crops of the eyes beside sharp portraits of the same set): no pixel-level
# detail, soft edges and smeared JPEG blocks, as an enlarged small photo shows.
BY_EYE = {"congress_A000369.jpg", "congress_G000551.jpg", "congress_S001191.jpg"}
# Their own eye distance, from photo.resolution (conforme check), under 90 px: out of this set.
SMALL = {"congress_K000391.jpg", "congress_M001160.jpg", "congress_O000173.jpg",
         "congress_R000122.jpg", "congress_S000033.jpg", "matplotlib_grace_hopper.jpg"}
# Eye distance about 380 px: a third of it is still over 90 px, so its reduced copy is left out.
CLOSE_UP = {"congress_W000790.jpg"}
METHODS = [("nearest", cv2.INTER_NEAREST), ("bilinear", cv2.INTER_LINEAR),
           ("bicubic", cv2.INTER_CUBIC), ("lanczos", cv2.INTER_LANCZOS4)]
COMMIT = "687cf7a9212a445431ad7441d8bfd0b7bf297eff"


def jpeg(img, q):
    return cv2.imdecode(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])[1], cv2.IMREAD_COLOR)


def write_csv(path, header, rows):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def enlarge(img, f, interp):
    return cv2.resize(img, None, fx=f, fy=f, interpolation=interp)


def main(shared, congress, labels_csv, voteview, out):
    os.makedirs(out, exist_ok=True)
    rows = []

    def put(name, img, expected, kind):
        cv2.imwrite(os.path.join(out, name), img, [cv2.IMWRITE_JPEG_QUALITY, 92])
        rows.append((name, expected, kind))

    for i, f in enumerate(sorted(x for x in os.listdir(shared) if x.endswith(".jpg"))):
        img = cv2.imread(os.path.join(shared, f))
        stem = f[:-4]
        m, interp = METHODS[i % 4]
        if f not in CLOSE_UP:
            put(f"shared_{stem}_third_{m}_x3.jpg", enlarge(cv2.resize(img, None, fx=1 / 3, fy=1 / 3,
            interpolation=cv2.INTER_AREA), 3, interp), "fail", "shared reduced 1/3, enlarged x3")
        if f in SMALL:
            continue
        if f in BY_EYE:
            put(f"shared_{stem}.jpg", img, "fail", "shared, enlarged by eye")
            continue
        put(f"shared_{stem}.jpg", img, "pass", "shared native")
        put(f"shared_{stem}_q30.jpg", jpeg(img, 30), "pass", "shared native, JPEG q30")
        put(f"shared_{stem}_lanczos_x1.5.jpg", enlarge(img, 1.5, cv2.INTER_LANCZOS4), "pass",
            "shared native, enlarged x1.5")

    test = [r["file"] for r in csv.DictReader(open(labels_csv)) if r["split"] == "test"]
    for i, f in enumerate(sorted(test)):
        img = cv2.imread(os.path.join(congress, f))
        if img is None:
            continue
        m, interp = METHODS[i % 4]
        k = (2, 3, 4)[i % 3]
        put(f"congress_{f[:-4]}_{m}_x{k}.jpg", jpeg(enlarge(img, k, interp), 90), "fail",
            f"congress test, enlarged x{k}")

    names = subprocess.run(["git", f"--git-dir={voteview}", "ls-tree", "--name-only", f"{COMMIT}:images/bio_guide"],
                           capture_output=True, text=True, check=True).stdout.split()
    for i, f in enumerate(sorted(names)[::160]):  # 41 photos spread over the whole list
        data = subprocess.run(["git", f"--git-dir={voteview}", "show", f"{COMMIT}:images/bio_guide/{f}"],
                              capture_output=True, check=True).stdout
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            continue
        m, interp = METHODS[i % 4]
        k = (3, 4)[i % 2]
        put(f"bioguide_{f[:-4]}_{m}_x{k}.jpg", jpeg(enlarge(img, k, interp), 90), "fail",
            f"bio_guide, enlarged x{k}")

    write_csv(os.path.join(out, "labels.csv"), ["image", "check", "expected"],
              [(name, "photo.pixelation", expected) for name, expected, _ in rows])
    write_csv(os.path.join(out, "kinds.csv"), ["image", "expected", "kind"], rows)
    print(f"{len(rows)} photos in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
