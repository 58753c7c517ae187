#!/usr/bin/python3
"""Trains conforme's expression network (models/expression-net.md) and exports it to ONNX.

The network reads the face, 48 x 48 grey (given as three equal BGR channels), framed as FER-2013
frames its faces (evidence/expr_net.hpp: the eye line level, 17.8 px between the eye centres, the
eye mid-point centred across and 19 px from the top), and gives seven logits, one per FER-2013
class in this order: angry, disgust, fear, happy, neutral, sad, surprise. conforme reads
1 - softmax[neutral] as the probability that the expression is not neutral.

Every input is histogram-equalised (cv2.equalizeHist on the grey 48 x 48 face, as the C++ side
does): the FER-2013 copy used here had its contrast raised by its repository's own filters (white
areas clipped), and equalising both the training faces and the ID photos' crops brings them to the
same spread of grey levels.

Data: FER-2013 as stored in RecepTahirGunlu/Duygu-Tanima, commit
8d429277ec5ff4aa605657546f26dd8139204fa0 (train / validation / test folders x 7 classes, 48 x 48
grey). The files that repository added by augmentation (`*.jpg<digit>.jpg`, copies of disgust
faces shifted, flipped, brightened or zoomed) are left out. FER-2013 has no licence of its own
(faces gathered from web image searches): research use only, nothing of it is stored in conforme.
FER-2013 names no people, so its own train / validation / test split is used as it is: the
network is trained on train, the limit chosen on validation, test only reported.

--id-crops DIR --id-labels CSV (optional, repeatable as a pair) add ID photos' expression crops
written by `conforme-landmarks --crops` (<photo>.expr.png) with the corpus labels (column
`expression`: neutral is neutral; smile_closed, smile_teeth and other are not). They are never
trained on: they are reported, and the C++ equality test's fixtures are taken from their test rows
(public-domain photos that may be committed).

Debian packages (a "train" set-up, not needed by the README's two commands):
  apt-get install python3-torch python3-opencv python3-numpy python3-onnx

Usage:
  scripts/train/train_expr_net.py --repo PATH/Duygu-Tanima.git --onnx models/expression-net.onnx \
      --fixtures tests/data/models/expression-net [--id-crops DIR --id-labels tests/corpus/congress225/labels.csv] \
      [--seed 1] [--epochs 8] [--report out/expression-net.csv] [--state FILE | --from-state FILE]

Reproducible: one seed drives the initial weights, the shuffling and the augmentation; torch runs
deterministic kernels on 2 CPU threads.
"""
import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tarfile

import cv2
import numpy as np
import torch
from torch import nn

from train_crop_net import CropNet, export_onnx, seeded, to_tensor  # the same network family and scaling

COMMIT = "8d429277ec5ff4aa605657546f26dd8139204fa0"
SIZE = 48
CLASSES = ("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")
NEUTRAL = CLASSES.index("neutral")
AUGMENTED = re.compile(r"\.jpg\d\.jpg$")


def ExprNet():
    """train_crop_net.py's network, wider (16, 32, 48 and 64 channels) and with seven outputs: 48 x 48
    in, 24, 12 and 6 pixels after the three poolings; 0.05 M weights."""
    model = CropNet(channels=(16, 32, 48, 64))
    model.head = nn.Linear(64, len(CLASSES))
    return model


def read_repo(repo):
    """{split: (images N x 48 x 48 x 3 uint8 BGR, labels N, names)} straight out of the pinned commit."""
    archive = subprocess.run(["git", "--git-dir", repo, "archive", COMMIT, "train", "validation", "test"],
                             check=True, capture_output=True).stdout
    out = {s: ([], [], []) for s in ("train", "validation", "test")}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".jpg")), key=lambda m: m.name)
        for m in members:
            split, cls = m.name.split("/")[:2]
            if AUGMENTED.search(m.name) or cls not in CLASSES:
                continue
            img = cv2.imdecode(np.frombuffer(tar.extractfile(m).read(), np.uint8), cv2.IMREAD_GRAYSCALE)
            if img is None or img.shape != (SIZE, SIZE):
                print(f"{m.name}: not a 48 x 48 image, left out", file=sys.stderr)
                continue
            out[split][0].append(cv2.cvtColor(cv2.equalizeHist(img), cv2.COLOR_GRAY2BGR))
            out[split][1].append(CLASSES.index(cls))
            out[split][2].append(m.name)
    return {s: (np.stack(x), np.array(y, np.int64), n) for s, (x, y, n) in out.items()}


def read_id_crops(crops, labels):
    out = []
    with open(labels, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("usable", "1") != "1" or not r.get("expression"):
                continue
            path = os.path.join(crops, r["file"] + ".expr.png")
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            if img is None:
                continue  # no face found
            if img.shape[:2] != (SIZE, SIZE):
                raise SystemExit(f"{path}: not a {SIZE} x {SIZE} crop written by conforme-landmarks --crops")
            out.append((r["file"], img, 0 if r["expression"] == "neutral" else 1, r.get("split", "test")))
    return out


def augment(img, rng):
    """One random variant: FER's own framing spread, other cameras and lights."""
    out = img[:, :, 0].astype(np.float32)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    m = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), rng.uniform(-8, 8), 1.0 + rng.uniform(-0.08, 0.08))
    m[:, 2] += rng.uniform(-2, 2, size=2)
    out = cv2.warpAffine(np.ascontiguousarray(out), m, (SIZE, SIZE), borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.25:  # softer photos
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 1.0))
    out = out * rng.uniform(0.7, 1.3) + rng.uniform(-25, 25)
    out = out + rng.normal(0, rng.uniform(0, 4), size=out.shape)
    out = cv2.equalizeHist(np.clip(out, 0, 255).astype(np.uint8))  # as every input is (see the docstring)
    return np.repeat(out[:, :, None], 3, axis=2)


def non_neutral(logits):
    """Probability that the expression is not neutral: 1 - softmax[neutral]."""
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    return 1.0 - p[:, NEUTRAL]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True, help="git directory holding RecepTahirGunlu/Duygu-Tanima @ " + COMMIT)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--fixtures", required=True, help="directory for the C++ equality test's inputs and outputs")
    ap.add_argument("--id-crops", action="append", default=[])
    ap.add_argument("--id-labels", action="append", default=[])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--report", help="CSV of every face's seven probabilities")
    ap.add_argument("--state", help="write the trained weights here (torch state dict)")
    ap.add_argument("--from-state", help="no training: read the weights a --state run wrote, then measure, export "
                    "and write the fixtures as that run would have")
    args = ap.parse_args()
    if len(args.id_crops) != len(args.id_labels):
        raise SystemExit("--id-crops and --id-labels go in pairs")

    rng = seeded(args.seed)

    fer = read_repo(args.repo)
    for split, (_, y, _) in fer.items():
        print(f"{split}: {len(y)} faces, " + ", ".join(f"{c} {int((y == k).sum())}" for k, c in enumerate(CLASSES)),
              file=sys.stderr)
    ids = []
    for crops, labels in zip(args.id_crops, args.id_labels):
        ids += read_id_crops(crops, labels)

    xtr, ytr, _ = fer["train"]
    model = ExprNet()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-3)
    steps = args.epochs * ((len(xtr) + 63) // 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)

    def logits_of(imgs):
        model.eval()
        out = []
        with torch.no_grad():
            for start in range(0, len(imgs), 512):
                out.append(model(to_tensor(imgs[start:start + 512])).numpy())
        return np.concatenate(out)

    def summary(logits, y):
        p = non_neutral(logits)
        acc = float((logits.argmax(1) == y).mean())
        neutral = y == NEUTRAL
        ba = 0.5 * ((p[~neutral] >= 0.5).mean() + (p[neutral] < 0.5).mean())
        return acc, float(ba)

    if args.from_state:
        model.load_state_dict(torch.load(args.from_state))
    for epoch in range(0 if args.from_state else args.epochs):
        model.train()
        order = rng.permutation(len(xtr))
        total = 0.0
        for start in range(0, len(order), 64):
            idx = order[start:start + 64]
            batch = to_tensor(np.stack([augment(xtr[i], rng) for i in idx]))
            opt.zero_grad()
            loss = loss_fn(model(batch), torch.from_numpy(ytr[idx]))
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        xv, yv, _ = fer["validation"]
        acc, ba = summary(logits_of(xv), yv)
        print(f"epoch {epoch + 1}: loss {total / len(xtr):.4f}, validation: 7-class accuracy {acc:.3f}, "
              f"neutral vs not balanced accuracy {ba:.3f}", file=sys.stderr)

    if args.state and not args.from_state:
        torch.save(model.state_dict(), args.state)
    model.eval()
    results = {}
    report = []
    for split, (x, y, names) in fer.items():
        logits = logits_of(x)
        acc, ba = summary(logits, y)
        results[f"fer/{split}"] = {"faces": len(y), "accuracy_7": round(acc, 4), "balanced_accuracy_at_0.5": round(ba, 4)}
        report += [("fer", split, n, CLASSES[c], z) for n, c, z in zip(names, y, logits)]
    if ids:
        logits = logits_of(np.stack([r[1] for r in ids]))
        report += [("id", r[3], r[0], "neutral" if r[2] == 0 else "not_neutral", z) for r, z in zip(ids, logits)]
    print(json.dumps(results, indent=1))
    if args.report:
        with open(args.report, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["source", "split", "face", "label", "non_neutral_probability"] + [f"logit_{c}" for c in CLASSES])
            for source, split, name, label, z in report:
                w.writerow([source, split, name, label, f"{non_neutral(z[None])[0]:.6f}"] + [f"{v:.5f}" for v in z])

    digest = export_onnx(model, args.onnx, SIZE, SIZE, "face", "logits")

    # Fixtures for the C++ equality test: test-split ID photos (public domain; FER-2013's faces may
    # not be redistributed), neutral ones first.
    os.makedirs(args.fixtures, exist_ok=True)
    pool = sorted((r for r in ids if r[3] == "test"), key=lambda r: r[0])
    picks = [r for r in pool if r[2] == 0][:4] + [r for r in pool if r[2] == 1][:4]
    fixtures = []
    for name, img, y, _ in picks:
        out = os.path.join(args.fixtures, name + ".expr.png")
        cv2.imwrite(out, img)
        with torch.no_grad():
            logits = model(to_tensor(img[None]))[0].numpy()
        fixtures.append({"crop": os.path.basename(out), "positive": y, "logits": [float(v) for v in logits],
                         "non_neutral_probability": float(non_neutral(logits[None])[0])})
    with open(os.path.join(args.fixtures, "expected.json"), "w") as f:
        json.dump({"model_sha256": digest, "seed": args.seed, "epochs": args.epochs, "classes": list(CLASSES),
                   "fixtures": fixtures}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
