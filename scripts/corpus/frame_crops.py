#!/usr/bin/python3
"""Frames tight face crops as 35 x 45 ID photos, for conforme-landmarks and conforme check.

  scripts/corpus/frame_crops.py SOURCE_DIR OUT_DIR --prefix NAME-

Each crop at least 60 px high is scaled to 300 px high (bicubic) and set on a light grey backdrop
(grey level 205) of 373 x 480 px, its top 110 px below the photo's top, centred across (cut at the
sides when wider). The result is written as OUT_DIR/<prefix><file name>.png. Deterministic.
"""
import argparse
import os

import cv2
import numpy as np

CROP_HEIGHT, PHOTO_HEIGHT, TOP, BACKDROP = 300, 480, 110, 205


def frame(img):
    h, w = img.shape[:2]
    s = CROP_HEIGHT / h
    img = cv2.resize(img, (int(round(w * s)), CROP_HEIGHT), interpolation=cv2.INTER_CUBIC)
    width = int(PHOTO_HEIGHT * 35 / 45)
    photo = np.full((PHOTO_HEIGHT, width, 3), BACKDROP, np.uint8)
    x0 = (width - img.shape[1]) // 2
    if x0 < 0:
        img, x0 = img[:, -x0:-x0 + width], 0
    photo[TOP:TOP + CROP_HEIGHT, x0:x0 + img.shape[1]] = img
    return photo


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--prefix", default="")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in sorted(os.listdir(args.source)):
        img = cv2.imread(os.path.join(args.source, name), cv2.IMREAD_COLOR)
        if img is None or min(img.shape[:2]) < 60:
            continue
        cv2.imwrite(os.path.join(args.out, args.prefix + os.path.splitext(name)[0] + ".png"), frame(img))


if __name__ == "__main__":
    main()
