#!/usr/bin/python3
"""Rebuilds the margin evidence of photo.pixelation (EVALUATION.md section 8.2): real portraits
brought to a known amount of detail, then enlarged, so each photo's true detail is known.

Usage: /usr/bin/python3 scripts/make_pixelation_margin_set.py SHARED_FACES LANDMARKS_TOOL OUT_DIR

SHARED_FACES: the public-domain portraits of ../shared/faces (675 x 825 JPEG); LANDMARKS_TOOL: the
build's conforme-landmarks (it gives each portrait's own eye distance d0). Writes the photos (JPEG
quality 92) and OUT_DIR/labels.csv (image,check,expected,source) for `conforme eval`.

Each portrait is first reduced (area averaging, as any export does) to d px between the eyes,
only when it holds at least 1.2 times that (d0 >= 1.2 d), so the reduced copy is native at d.
Then it is kept as it is or enlarged f times, the method cycling through bicubic, bilinear and
Lanczos by rank (the set is the same on every run). Expected verdicts come from d, never from
the check:
- pass: d = 100, 110 or 120 (at least 10 % above the rule's 90 px), native or enlarged 1.5, 2
  or 2.5 times: a scanned print, a booth's resampling, a photo framed larger than it was taken;
- fail: d = 50, 60 or 70, enlarged 2, 2.5 or 3 times: a small photo enlarged.
The three portraits labelled enlarged by eye in make_pixelation_set.py are left out (their
detail is not their pixel count).
"""
import csv, os, subprocess, sys

import cv2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pixelation_set import BY_EYE, write_csv  # noqa: E402

METHODS = [("bicubic", cv2.INTER_CUBIC), ("bilinear", cv2.INTER_LINEAR), ("lanczos", cv2.INTER_LANCZOS4)]
# (detail kept in px between the eyes, enlargement, expected verdict)
CASES = [(100, 1, "pass"), (120, 1, "pass"), (100, 2, "pass"), (110, 2, "pass"), (120, 2, "pass"),
         (100, 1.5, "pass"), (110, 2.5, "pass"),
         (60, 2, "fail"), (70, 2, "fail"), (60, 3, "fail"), (70, 2.5, "fail"), (50, 3, "fail")]


def eye_distances(shared, tool, files):
    out = subprocess.run([tool] + [os.path.join(shared, f) for f in files],
                         capture_output=True, text=True, check=True).stdout
    return {os.path.basename(r["file"]): float(r["inter_eye"])
            for r in csv.DictReader(out.splitlines()) if r["inter_eye"]}


def main(shared, tool, out):
    os.makedirs(out, exist_ok=True)
    files = sorted(f for f in os.listdir(shared) if f.endswith(".jpg"))
    d0s = eye_distances(shared, tool, files)
    rows, rank = [], 0
    for name in files:
        if name in BY_EYE or name not in d0s:
            continue
        d0, img, stem = d0s[name], cv2.imread(os.path.join(shared, name)), name[:-4]
        for d, f, expected in CASES:
            if d0 < 1.2 * d:
                continue
            small = cv2.resize(img, None, fx=d / d0, fy=d / d0, interpolation=cv2.INTER_AREA)
            if f == 1:
                big, method = small, "native"
            else:
                method, interp = METHODS[rank % len(METHODS)]
                rank += 1
                big = cv2.resize(small, None, fx=f, fy=f, interpolation=interp)
            file = f"{stem}_d{d}_{method}_x{f:g}.jpg"
            cv2.imwrite(os.path.join(out, file), big, [cv2.IMWRITE_JPEG_QUALITY, 92])
            rows.append((file, "photo.pixelation", expected, f"d{d}_x{f:g}" if f != 1 else "native"))
    write_csv(os.path.join(out, "labels.csv"), ["image", "check", "expected", "source"], rows)
    print(f"{len(rows)} photos with a known detail in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
