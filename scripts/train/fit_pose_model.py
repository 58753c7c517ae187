#!/usr/bin/python3
"""Fits conforme's head-pose shape model from the landmarks of frontal, labelled real portraits.

The model (models/pose-shape.md explains it): a 3-D face of 48 landmarks (jaw line, brows,
nose, eyes) whose x and y are the mean of frontal portraits of the training split, made exactly
left-right symmetric, and whose depths come from adult anthropometry. The C++ estimator
(src/face/pose.cpp) fits yaw, pitch, roll, scale and shift to a photo's landmarks by least
squares under weak perspective. (Weighting the residuals by the covariance of real faces around
the model, generalised least squares with 6 to 20 modes, ranked frontal and turned heads no
better on the training split, so the model stays plain.)

Usage (Debian's python3 with python3-numpy; see tests/corpus/README.md for the inputs):
  scripts/train/fit_pose_model.py --landmarks L1.csv [L2.csv ...] --labels LABELS.csv \
      --header src/face/pose_shape_model.inc [--report out/pose-fit.csv]

LANDMARKS: conforme-landmarks output (file,width,height,faces,yaw,pitch,roll,inter_eye,x0,y0..).
LABELS: file,person,split,pose,expression,usable[,...]: the rows with split=train, pose=frontal,
usable=1 and one face found fit the model. Deterministic: no randomness is involved.
"""
import argparse
import csv
import hashlib
import math
import os
import sys

import numpy as np

# dlib 68-point indices used by the fit: the jaw line, the brows, the nose and the eyes. The
# mouth moves with expression: with its 20 points, smiles read 1.8 degrees more pitch than neutral
# faces on the corpus's frontal portraits, and a turned head 18 % less yaw.
RIGID = list(range(0, 17)) + list(range(17, 27)) + list(range(27, 36)) + list(range(36, 48))

# Left-right mirror of the 68-point layout.
MIRROR = list(range(16, -1, -1)) + list(range(26, 16, -1)) + [27, 28, 29, 30] + [35, 34, 33, 32, 31] + \
    [45, 44, 43, 42, 47, 46] + [39, 38, 37, 36, 41, 40] + \
    [54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55] + [64, 63, 62, 61, 60, 67, 66, 65]

# Depth behind the nose tip, in outer-eye-corner spans (landmarks 36 to 45), from adult
# anthropometry (Farkas' head and face surveys): the eye corners 0.40, the mouth corners 0.38
# and the chin 0.20 of that span behind the nose tip, as the earlier six-point model; the jaw
# line's silhouette from 0.20 at the chin to 0.90 beside the ears; the nose ridge from the
# nasion (0.24) to the tip (0); the brows from 0.19 above the nose to 0.50 at their tails.
DEPTH = {0: 0.90, 1: 0.88, 2: 0.82, 3: 0.74, 4: 0.64, 5: 0.52, 6: 0.40, 7: 0.28, 8: 0.20,
         17: 0.50, 18: 0.38, 19: 0.30, 20: 0.25, 21: 0.22,
         27: 0.24, 28: 0.17, 29: 0.10, 30: 0.0, 31: 0.24, 32: 0.17, 33: 0.13,
         36: 0.40, 37: 0.33, 38: 0.31, 39: 0.31, 40: 0.31, 41: 0.33}
for i in range(68):
    if i not in DEPTH and MIRROR[i] in DEPTH:
        DEPTH[i] = DEPTH[MIRROR[i]]



def read_landmarks(paths):
    shapes = {}
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["faces"] != "1":
                    continue
                pts = np.array([[float(row[f"x{k}"]), float(row[f"y{k}"])] for k in range(68)])
                key = os.path.basename(row["file"])
                shapes[key] = {"pts": pts, "yaw": float(row["yaw"]), "pitch": float(row["pitch"]),
                               "roll": float(row["roll"]), "ied": float(row["inter_eye"])}
    return shapes


def normalise(pts):
    """Eye mid-point at the origin, eye line horizontal, eye centres 1 apart."""
    le, re = pts[36:42].mean(0), pts[42:48].mean(0)
    d = re - le
    a = math.atan2(d[1], d[0])
    c, s = math.cos(-a), math.sin(-a)
    rot = np.array([[c, -s], [s, c]])
    return ((pts - (le + re) / 2) @ rot.T) / np.linalg.norm(d)


def mirror_shape(pts):
    m = pts[MIRROR].copy()
    m[:, 0] *= -1
    return m


def rotation(yaw, pitch, roll):
    """Camera axes (x right, y down, z away). yaw > 0 turns the face to the image right, pitch > 0
    raises the chin (the face looks up), roll > 0 turns the face clockwise in the image."""
    cy, sy = math.cos(yaw), math.sin(yaw)
    cp, sp = math.cos(pitch), math.sin(pitch)
    cr, sr = math.cos(roll), math.sin(roll)
    ry = np.array([[cy, 0, -sy], [0, 1, 0], [sy, 0, cy]])
    rx = np.array([[1, 0, 0], [0, cp, sp], [0, -sp, cp]])
    rz = np.array([[cr, -sr, 0], [sr, cr, 0], [0, 0, 1]])
    return rz @ rx @ ry


def project(model, p):
    yaw, pitch, roll, scale, tx, ty = p
    q = (rotation(yaw, pitch, roll) @ model.T).T
    return scale * q[:, :2] + np.array([tx, ty])


def fit(model, pts, iterations=20):
    """Weak-perspective fit of model (n x 3) to pts (n x 2) by Gauss-Newton."""
    p = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    centre = pts.mean(0)
    p[4:6] = centre - model[:, :2].mean(0)
    p[3] = np.sqrt(((pts - centre) ** 2).sum() / ((model[:, :2] - model[:, :2].mean(0)) ** 2).sum())

    def residual(q):
        return ((pts - project(model, q)) / q[3]).reshape(-1)

    for _ in range(iterations):
        r = residual(p)
        jac = np.empty((r.size, 6))
        for k in range(6):
            h = 1e-6 if k != 3 else 1e-6 * p[3]
            dq = p.copy()
            dq[k] += h
            jac[:, k] = (residual(dq) - r) / h
        step, *_ = np.linalg.lstsq(jac, -r, rcond=None)
        p += step
        if np.abs(step[:3]).max() < 1e-7:
            break
    return p, ((pts - project(model, p)) / p[3]).reshape(-1)


def angles(p):
    return math.degrees(p[0]), math.degrees(p[1]), math.degrees(p[2])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--landmarks", nargs="+", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--header", required=True)
    ap.add_argument("--report")
    args = ap.parse_args()

    shapes = read_landmarks(args.landmarks)
    with open(args.labels, newline="") as f:
        labels = {os.path.basename(r["file"]): r for r in csv.DictReader(f)}
    train = [k for k, r in labels.items() if r["split"] == "train" and r["pose"] == "frontal"
             and r.get("usable", "1") == "1" and k in shapes]
    if len(train) < 50:
        sys.exit(f"fit_pose_model: only {len(train)} frontal training photos with one face found")

    # The mean frontal face, made exactly symmetric, scaled to an outer-eye-corner span of 1.
    normed = np.array([normalise(shapes[k]["pts"]) for k in sorted(train)])
    mean = normed.mean(0)
    mean = (mean + mirror_shape(mean)) / 2
    span = np.linalg.norm(mean[45] - mean[36])
    mean /= span
    depth = np.array([DEPTH.get(i, 0.0) for i in range(68)])
    model = np.column_stack([mean, depth])[RIGID]
    model -= model.mean(0)

    # The generated table, with a digest of its own text so reports can name it.
    body = []
    body.append(f"// Generated by scripts/train/fit_pose_model.py from {len(train)} frontal portraits")
    body.append("// of the corpus's training split (models/pose-shape.md). Do not edit by hand.")
    body.append(f"inline constexpr int pose_rigid_count = {len(RIGID)};")
    body.append("inline constexpr int pose_rigid_index[pose_rigid_count] = {" +
                ", ".join(str(i) for i in RIGID) + "};")
    body.append("// x, y, z of each rigid landmark, outer-eye-corner spans, centred.")
    body.append("inline constexpr double pose_model_xyz[pose_rigid_count][3] = {")
    for x, y, z in model:
        body.append(f"    {{{x:.9g}, {y:.9g}, {z:.9g}}},")
    body.append("};")
    text = "\n".join(body) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()
    with open(args.header, "w") as f:
        f.write("// clang-format off\n#pragma once\n" + text +
                f'inline constexpr const char* pose_model_table_sha256 = "{digest}";\n')
    print(f"fit_pose_model: {len(train)} frontal training photos; wrote {args.header} ({digest[:12]})")

    if args.report:
        with open(args.report, "w") as f:
            w = csv.writer(f)
            w.writerow(["file", "split", "pose", "expression", "old_yaw", "old_pitch", "yaw", "pitch", "roll", "ied"])
            for k in sorted(shapes):
                if k not in labels:
                    continue
                p, _ = fit(model, shapes[k]["pts"][RIGID])
                y, pi, ro = angles(p)
                r = labels[k]
                w.writerow([k, r["split"], r["pose"], r.get("expression", ""), shapes[k]["yaw"], shapes[k]["pitch"],
                            f"{y:.3f}", f"{pi:.3f}", f"{ro:.3f}", shapes[k]["ied"]])


if __name__ == "__main__":
    main()
