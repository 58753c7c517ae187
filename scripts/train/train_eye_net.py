#!/usr/bin/python3
"""Trains conforme's eye-state network (models/eye-state-net.md) and exports it to ONNX.

The network reads one eye, 32 x 32 BGR (evidence/eye_state_net.hpp: a square of 0.85 inter-eye
distances around the eye, the brow at the top), and gives one logit: > 0 when the eye is closed.

Data: the eye crops of 2201AI24/driver_drowsiness_System, branch upload-train-folder, commit
5f4c7c610b1fc1472e1486ace34cd0c021a7931e (train/Closed: 726, train/Open: 726; colour crops of one
eye with its brow, 86 to 700 px; the repository says "for academic and learning purposes only").
They are read straight out of a local clone (--repo: any git directory holding that commit) and
reduced by pixel areas to 32 x 32. Near-duplicates (a difference hash 6 bits or less apart) are
kept in the same split; the split is 70 / 15 / 15 by a seeded shuffle of those groups.

--id-crops DIR --id-labels CSV (optional, repeatable as a pair) add ID photos' eye crops written by
`conforme-landmarks --crops` (<photo>.eye-l.png / .eye-r.png) with the corpus labels (column
`eyes`: open / closed; the corpus's own train / validation / test split by person): all rows are
reported, the train rows are trained on with --train-on-id, and the C++ equality test's fixtures
are taken from their test rows (public-domain photos that may be committed).

Debian packages (a "train" set-up, not needed by the README's two commands):
  apt-get install python3-torch python3-opencv python3-numpy python3-onnx

Usage:
  scripts/train/train_eye_net.py --repo PATH/driver_drowsiness_System.git --onnx models/eye-state-net.onnx \
      --fixtures tests/data/models/eye-state-net [--id-crops DIR --id-labels tests/corpus/congress225/labels.csv] \
      [--seed 1] [--epochs 60] [--report out/eye-net.csv]

Reproducible: one seed drives the split, the initial weights, the shuffling and the augmentation;
torch runs deterministic kernels on 2 CPU threads.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys

import cv2
import numpy as np
import torch
from torch import nn

from train_crop_net import CropNet, balanced_accuracy, export_onnx, seeded, to_tensor  # the same network family and scaling

COMMIT = "5f4c7c610b1fc1472e1486ace34cd0c021a7931e"
SIZE = 32


def EyeNet():
    """train_crop_net.py's network with 16 channels in its first stage: 32 x 32 in, 16, 8 and 4
    pixels after the three poolings; 0.02 M weights."""
    return CropNet(channels=(16, 24, 32, 48))


def read_repo(repo):
    names = subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", COMMIT], check=True,
                           capture_output=True, text=True).stdout.split("\n")
    out = []
    for name in sorted(n for n in names if n.startswith(("train/Closed/", "train/Open/"))):
        data = subprocess.run(["git", "--git-dir", repo, "show", f"{COMMIT}:{name}"], check=True,
                              capture_output=True).stdout
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            print(f"{name}: not an image, left out", file=sys.stderr)
            continue
        out.append((name, cv2.resize(img, (SIZE, SIZE), interpolation=cv2.INTER_AREA),
                    1 if name.startswith("train/Closed/") else 0))
    return out


def dhash(img):
    g = cv2.resize(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), (9, 8), interpolation=cv2.INTER_AREA)
    return (g[:, 1:] > g[:, :-1]).flatten()


def split_groups(items, seed):
    """train / validation / test by groups of near-duplicates (union-find on hash distance <= 6)."""
    h = np.array([dhash(img) for _, img, _ in items])
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    close = (h[:, None, :] != h[None, :, :]).sum(-1) <= 6
    for i, j in zip(*np.nonzero(np.triu(close, 1))):
        parent[find(i)] = find(j)
    groups = sorted({find(i) for i in range(len(items))})
    random.Random(seed).shuffle(groups)
    cut1, cut2 = int(0.70 * len(groups)), int(0.85 * len(groups))
    where = {g: ("train" if k < cut1 else "validation" if k < cut2 else "test") for k, g in enumerate(groups)}
    return [where[find(i)] for i in range(len(items))]


def read_id_crops(crops, labels):
    out = []
    with open(labels, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("usable", "1") != "1" or r.get("eyes", "") not in ("open", "closed"):
                continue
            for side in ("l", "r"):
                path = os.path.join(crops, f"{r['file']}.eye-{side}.png")
                img = cv2.imread(path, cv2.IMREAD_COLOR)
                if img is None:
                    continue  # no face found
                if img.shape[:2] != (SIZE, SIZE):
                    raise SystemExit(f"{path}: not a {SIZE} x {SIZE} crop written by conforme-landmarks --crops")
                out.append((f"{r['file']}.eye-{side}", img, 1 if r["eyes"] == "closed" else 0, r["split"]))
    return out


def draw_closed(img):
    """An open eye's crop with the lid drawn shut: the opening covered by the skin below it, and the
    lashes' dark curve (the eye sits at (16, 18), about 20 px wide, in evidence/eye_state_net.cpp's crop)."""
    out = img.astype(np.float32)
    skin = np.median(img[24:30, 8:24].reshape(-1, 3), axis=0)
    mask = np.zeros((SIZE, SIZE), np.uint8)
    cv2.ellipse(mask, (16, 17), (11, 5), 0, 0, 360, 255, -1)
    mask = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 1.0)[:, :, None]
    out = out * (1 - mask) + skin[None, None, :] * mask
    lash = np.zeros((SIZE, SIZE), np.float32)
    cv2.ellipse(lash, (16, 15), (10, 3), 0, 20, 160, 1.0, 1, cv2.LINE_AA)
    lash = cv2.GaussianBlur(lash, (0, 0), 0.5)[:, :, None]
    out = out * (1 - 0.75 * lash) + (skin * 0.25)[None, None, :] * 0.75 * lash
    return np.clip(out, 0, 255).astype(np.uint8)


def augment(img, rng, spectacles=False):
    """One random variant: other framings, resolutions, cameras and lights (and, with spectacles,
    a frame's rim drawn around the eye: tried, not adopted, models/eye-state-net.md)."""
    out = img.astype(np.float32)
    if rng.random() < 0.5:
        out = out[:, ::-1]  # a left eye mirrored is a right eye
    s = 1.0 + rng.uniform(-0.15, 0.15)  # the crops' framing varies by about this much
    m = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), rng.uniform(-8, 8), s)
    m[:, 2] += rng.uniform(-2.5, 2.5, size=2)
    out = cv2.warpAffine(np.ascontiguousarray(out), m, (SIZE, SIZE), borderMode=cv2.BORDER_REPLICATE)
    if spectacles and rng.random() < 0.3:  # spectacles: a frame's rim around the eye, dark or metal, whole or in part
        centre = (int(16 + rng.uniform(-2, 2)), int(18 + rng.uniform(-2, 2)))
        axes = (int(rng.uniform(12, 17)), int(rng.uniform(7, 12)))
        colour = [float(rng.uniform(10, 80))] * 3 if rng.random() < 0.6 else [float(rng.uniform(140, 210))] * 3
        start = rng.uniform(-40, 40) if rng.random() < 0.5 else 0
        cv2.ellipse(out, centre, axes, 0, start, start + (360 if start == 0 else rng.uniform(160, 300)), colour,
                    int(rng.integers(1, 3)), cv2.LINE_AA)
        if rng.random() < 0.3:  # a reflection on the lens
            glare = np.zeros((SIZE, SIZE), np.float32)
            cv2.ellipse(glare, (int(rng.uniform(6, 26)), int(rng.uniform(10, 26))), (int(rng.uniform(3, 8)), int(rng.uniform(2, 5))),
                        rng.uniform(0, 180), 0, 360, 1.0, -1)
            glare = cv2.GaussianBlur(glare, (0, 0), 1.5)[:, :, None] * rng.uniform(0.3, 0.8)
            out = out * (1 - glare) + 255 * glare
    if rng.random() < 0.4:  # a smaller eye than the crop: ID photos at 40-90 px between the eyes
        f = rng.uniform(0.3, 0.7)
        small = cv2.resize(out, (max(6, int(SIZE * f)),) * 2, interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.15:  # grey photos
        g = out @ np.array([0.114, 0.587, 0.299], np.float32)
        out = np.repeat(g[:, :, None], 3, axis=2)
    out = out * rng.uniform(0.6, 1.4) + rng.uniform(-30, 30)
    out = out * rng.uniform(0.88, 1.12, size=3)[None, None, :]
    out = out + rng.normal(0, rng.uniform(0, 5), size=out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True, help="git directory holding 2201AI24/driver_drowsiness_System @ " + COMMIT)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--fixtures", required=True, help="directory for the C++ equality test's inputs and outputs")
    ap.add_argument("--id-crops", action="append", default=[])
    ap.add_argument("--id-labels", action="append", default=[])
    ap.add_argument("--train-on-id", action="store_true", help="train on the --id-crops train rows too")
    ap.add_argument("--spectacles", action="store_true", help="draw spectacle rims on a third of the training crops")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--report", help="CSV of every crop's probability")
    args = ap.parse_args()
    if len(args.id_crops) != len(args.id_labels):
        raise SystemExit("--id-crops and --id-labels go in pairs")

    rng = seeded(args.seed)

    eyes = read_repo(args.repo)
    splits = split_groups(eyes, args.seed)
    rows = [("eyes:" + n, img, y, s) for (n, img, y), s in zip(eyes, splits)]
    for crops, labels in zip(args.id_crops, args.id_labels):
        rows += [("id:" + n, img, y, s) for n, img, y, s in read_id_crops(crops, labels)]
    for split in ("train", "validation", "test"):
        sel = [r for r in rows if r[3] == split]
        print(f"{split}: {len(sel)} eyes, {sum(r[2] for r in sel)} closed", file=sys.stderr)

    train = [r for r in rows if r[3] == "train" and (args.train_on_id or r[0].startswith("eyes:"))]
    xtr = np.stack([r[1] for r in train])
    ytr = np.array([r[2] for r in train], np.float32)
    model = EyeNet()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-3)
    steps = args.epochs * ((len(xtr) + 31) // 32)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    pos_weight = torch.tensor([(ytr == 0).sum() / max(1, (ytr == 1).sum())])
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)

    def predict(imgs):
        model.eval()
        with torch.no_grad():
            return torch.sigmoid(model(to_tensor(imgs))).numpy()[:, 0]

    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(xtr))
        total = 0.0
        for start in range(0, len(order), 32):
            idx = order[start:start + 32]
            batch = to_tensor(np.stack([augment(xtr[i], rng, args.spectacles) for i in idx]))
            opt.zero_grad()
            loss = loss_fn(model(batch)[:, 0], torch.from_numpy(ytr[idx]))
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        if epoch % 10 == 9 or epoch == args.epochs - 1:
            ba, _, _ = balanced_accuracy(predict(xtr), ytr)
            print(f"epoch {epoch + 1}: loss {total / len(xtr):.4f}, train balanced accuracy {ba:.3f}", file=sys.stderr)

    model.eval()
    results = {}
    report = []
    for source in ("eyes", "id"):
        for split in ("train", "validation", "test"):
            sel = [r for r in rows if r[3] == split and r[0].startswith(source + ":")]
            if not sel:
                continue
            prob = predict(np.stack([r[1] for r in sel]))
            ys = np.array([r[2] for r in sel], np.float32)
            ba, fr, fa = balanced_accuracy(prob, ys)
            results[f"{source}/{split}"] = {"eyes": len(sel), "closed": int(ys.sum()),
                                            "balanced_accuracy": round(float(ba), 4),
                                            "open_read_closed": round(float(fr), 4),
                                            "closed_read_open": round(float(fa), 4)}
            report += [(split, r[0], r[2], p) for r, p in zip(sel, prob)]
    print(json.dumps(results, indent=1))
    if args.report:
        with open(args.report, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["split", "eye", "closed", "probability"])
            for split, name, y, p in report:
                w.writerow([split, name, int(y), f"{p:.6f}"])

    digest = export_onnx(model, args.onnx, SIZE, SIZE, "eye", "logit")

    # Fixtures for the C++ equality test: test-split eyes of the ID photos (public domain; the eye
    # set's own crops may not be redistributed), four as they are and four with the lid drawn shut.
    os.makedirs(args.fixtures, exist_ok=True)
    pool = sorted((r for r in rows if r[3] == "test" and r[0].startswith("id:") and r[2] == 0), key=lambda r: r[0])
    picks = [(r[0].split(":", 1)[1], r[1], 0) for r in pool[:4]]
    picks += [("closed-" + r[0].split(":", 1)[1], draw_closed(r[1]), 1) for r in pool[4:8]]
    fixtures = []
    for name, img, y in picks:
        out = os.path.join(args.fixtures, name + ".png")
        cv2.imwrite(out, img)
        with torch.no_grad():
            logit = float(model(to_tensor(img[None]))[0, 0])
        fixtures.append({"crop": os.path.basename(out), "positive": y, "logit": logit})
    with open(os.path.join(args.fixtures, "expected.json"), "w") as f:
        json.dump({"model_sha256": digest, "seed": args.seed, "epochs": args.epochs, "fixtures": fixtures}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
