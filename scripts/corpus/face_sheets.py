"""Contact sheets for labelling faces by eye, blind: each cell the face turned upright about the
eyes (from above the brows to the chin, 240 x 240, cubic) beside the whole photo fitted into
160 x 200 px, with a position number only. Used by build-hot-spots and build-bio-bare."""
import csv
import os

import cv2
import numpy as np

PER_ROW, ROWS = 4, 5
CELL_W, CELL_H = 240 + 8 + 160, 240 + 30


def landmarks(csv_path):
    """file -> the 68 landmarks (68 x 2) of every photo on which conforme-landmarks found one face."""
    out = {}
    for r in csv.DictReader(open(csv_path)):
        if r["faces"] == "1":
            out[r["file"]] = np.array([[float(r[f"x{i}"]), float(r[f"y{i}"])] for i in range(68)])
    return out


def face_crop(im, p, size=240):
    """The face upright about the eyes, 3.2 eye distances square, centred 0.45 below the eye line."""
    le, re = p[36:42].mean(0), p[42:48].mean(0)
    ied = np.linalg.norm(re - le)
    c = (le + re) / 2 + np.array([0, 0.45 * ied])
    angle = np.degrees(np.arctan2(re[1] - le[1], re[0] - le[0]))
    m = cv2.getRotationMatrix2D((float(c[0]), float(c[1])), angle, size / (3.2 * ied))
    m[:, 2] += np.array([size / 2, size / 2]) - c
    return cv2.warpAffine(im, m, (size, size), flags=cv2.INTER_CUBIC, borderValue=(128, 128, 128))


def draw_sheets(out_dir, photos):
    """photos: [(path, landmarks)] in position order (position = index + 1); writes
    out_dir/sheet_NN.png, 20 to a sheet, and returns how many sheets."""
    os.makedirs(out_dir, exist_ok=True)
    per = PER_ROW * ROWS
    for start in range(0, len(photos), per):
        sheet = np.full((ROWS * CELL_H, PER_ROW * CELL_W, 3), 60, np.uint8)
        for k, (path, p) in enumerate(photos[start:start + per]):
            im = cv2.imread(path)
            z = min(200 / im.shape[0], 160 / im.shape[1])
            whole = cv2.resize(im, None, fx=z, fy=z, interpolation=cv2.INTER_AREA)
            y, x = (k // PER_ROW) * CELL_H, (k % PER_ROW) * CELL_W
            sheet[y + 30:y + 270, x:x + 240] = face_crop(im, p)
            sheet[y + 30:y + 30 + whole.shape[0], x + 248:x + 248 + whole.shape[1]] = whole
            cv2.putText(sheet, str(start + k + 1), (x + 6, y + 22), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 255, 255), 2)
        cv2.imwrite(os.path.join(out_dir, f"sheet_{start // per + 1:02d}.png"), sheet)
    return (len(photos) + per - 1) // per
