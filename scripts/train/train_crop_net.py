#!/usr/bin/python3
"""Trains one of conforme's crop networks (evidence/crop_net.hpp) and exports it to ONNX.

  --task glasses  the glasses network (models/glasses-net.md): eye-region crops, 64 x 54,
                  positive when the labels say glasses (clear or tinted)
  --task mouth    the mouth network (models/mouth-net.md): mouth-region crops, 64 x 46,
                  positive when the labels say the mouth is open (lips apart or teeth shown);
                  with --classes, three outputs: closed, lips apart, teeth visible
  --task occlusion  the occlusion network (models/occlusion-net.md): mouth-region crops, 64 x 46,
                  positive when the labels say the lower face is covered (a mask)
  --task covering  the head-covering network (models/head-covering-net.md): head crops, 64 x 64,
                  positive when the labels say the head is covered (a hat, cap, scarf, veil...)
  --task smile    the smile network (models/smile-net.md): mouth-region crops, 64 x 46,
                  positive when the labels say the face is not neutral (a smile, lips closed or not)

A label file without a split column (scripts/corpus/build-celeba-samples' labels.csv) is split by
person as the US Congress corpus is (scripts/corpus/corpus_split.py: train 60 %, validation 20 %,
test 20 % from the SHA-256 of the person's identifier, its identity column, or for the by-eye
label files of tests/corpus/celeba_eye the identity in the file name), and one without a
usable column counts every row usable. In the by-eye files a row labelled `unsure` for the task
(or `not_a_face`) is left out.

--labels and --crops may be given several times: the rows of every label file are read, and each
crop is looked for in every crop directory.

Input: the crops that `conforme-landmarks --crops DIR` writes (DIR/<photo>.eyes.png, .mouth.png
and .head.png, the exact pixels the C++ inference reads) and the labels of the real corpus
(tests/corpus/congress225/labels.csv, split by person). The network is trained on the train split
only; the validation split chooses nothing here but is reported with the test split, so that the
profile's limit can be chosen on validation afterwards.

Debian packages (a "train" set-up, not needed by the README's two commands):
  apt-get install python3-torch python3-opencv python3-numpy python3-onnx

Usage:
  scripts/train/train_crop_net.py --task glasses --labels tests/corpus/congress225/labels.csv \
      --crops out/corpus/congress225/crops --onnx models/glasses-net.onnx \
      --fixtures tests/data/models/glasses-net [--seed 1] [--epochs 80] [--report out/glasses-net.csv]

Reproducible: one seed drives the initial weights, the shuffling and the augmentation, torch runs
deterministic kernels on 2 CPU threads. About two minutes on 2 cores.
"""
import argparse
import csv
import hashlib
import json
import os
import random
import sys

import cv2
import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
from corpus_split import split_of  # noqa: E402

# Per task: crop suffix, input size (evidence/glasses_net.cpp, evidence/mouth_net.hpp), the label
# that makes an example positive and the ONNX input's name.
TASKS = {
    "glasses": (".eyes.png", 64, 54, lambda r: r["glasses"] != "none", "eyes"),
    # The US Congress labels' mouth column (closed / open) or CelebA's Mouth_Slightly_Open
    # (scripts/corpus/build-celeba-samples: mouth_slightly_open 0 / 1).
    "mouth": (".mouth.png", 64, 46,
              lambda r: r.get("mouth", "closed") not in ("", "closed") or r.get("mouth_slightly_open", "0") == "1",
              "mouth"),
    # A label file without an occlusion column (the US Congress portraits) has none: every face
    # in it is a negative example.
    "occlusion": (".mouth.png", 64, 46, lambda r: r.get("occlusion", "none") not in ("", "none"), "mouth"),
    # The US Congress labels' headwear column (empty: bare head) or CelebA's Wearing_Hat
    # (scripts/corpus/build-celeba-samples: wearing_hat 0 / 1).
    # tests/corpus/celeba_eye's by-eye labels say bare / covered.
    "covering": (".head.png", 64, 64,
                 lambda r: r.get("headwear", "") not in ("", "none", "bare") or r.get("wearing_hat", "0") == "1", "head"),
    # The US Congress labels' expression column (neutral / smile_closed / smile_teeth / other) or
    # CelebA's Smiling (scripts/corpus/build-celeba-samples: smiling 0 / 1).
    "smile": (".mouth.png", 64, 46,
              lambda r: r.get("expression", "neutral") not in ("", "neutral") or r.get("smiling", "0") == "1", "mouth"),
}
# The column each task reads in a by-eye label file (tests/corpus/celeba_eye): a row whose label
# there is undecided (unsure), or that shows no face, teaches nothing and is left out.
TASK_COLUMN = {"glasses": "glasses", "mouth": "mouth", "occlusion": "occlusion", "covering": "headwear",
               "smile": "expression"}
UNDECIDED = ("unsure", "not_a_face")
WIDTH, HEIGHT = 64, 54  # set from --task in main()

# --classes (mouth only): the three states tests/corpus/celeba_eye labels, one logit each.
MOUTH_CLASSES = ("closed", "lips_apart", "teeth")


def mouth_class(r):
    """The row's mouth class index, or None when the labels do not tell lips apart from teeth: the
    by-eye labels name the class; the US Congress labels say closed / open, and an open mouth is
    teeth when the expression is smile_teeth (741 of their 745 open mouths; the 4 others are left
    out); CelebA's own Mouth_Slightly_Open cannot say which."""
    if r.get("mouth") in MOUTH_CLASSES:
        return MOUTH_CLASSES.index(r["mouth"])
    if r.get("mouth") == "open" and r.get("expression") == "smile_teeth":
        return 2
    return None


def person_of(r):
    """The person a label row shows: its person or identity column, else, for CelebA's by-eye label
    files (file and labels only), the identity that build-celeba-samples puts before the '_' of
    every file name (<identity>_<number>.jpg)."""
    return r.get("person") or r.get("identity") or r["file"].split("_", 1)[0]


class CropNet(nn.Module):
    """Four 3x3 convolution stages and a linear read-out of the pooled features: 0.03 M weights.

    The crop is small (32 px between the eyes after the reduction) and the corpus has a few hundred
    faces, so the network is kept small enough to learn from them without memorising them.
    """

    def __init__(self, channels=(12, 24, 32, 48), outputs=1):
        super().__init__()

        def stage(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

        c1, c2, c3, c4 = channels
        self.features = nn.Sequential(
            *stage(3, c1), nn.MaxPool2d(2),    # 27 x 32 (64 x 54 input)
            *stage(c1, c2), nn.MaxPool2d(2),   # 13 x 16
            *stage(c2, c3), nn.MaxPool2d(2),   # 6 x 8
            *stage(c3, c4),
            nn.AdaptiveAvgPool2d(1))
        self.dropout = nn.Dropout(0.3)
        self.head = nn.Linear(c4, outputs)

    def forward(self, x):
        return self.head(self.dropout(torch.flatten(self.features(x), 1)))


def read_crop(path):
    img = cv2.imread(path, cv2.IMREAD_COLOR)  # BGR, as cv::dnn::blobFromImage gets it in C++
    if img is None or img.shape[:2] != (HEIGHT, WIDTH):
        raise SystemExit(f"{path}: not a {WIDTH} x {HEIGHT} crop written by conforme-landmarks --crops")
    return img


def to_tensor(imgs):
    """uint8 N x H x W x 3 (BGR) -> float N x 3 x H x W in [0, 1], the C++ blob's scaling."""
    return torch.from_numpy(np.ascontiguousarray(imgs.transpose(0, 3, 1, 2))).float() / 255.0


def augment(img, rng):
    """One random variant of a crop: what other cameras, prints and scans change."""
    out = img.astype(np.float32)
    if rng.random() < 0.5:
        out = out[:, ::-1]  # the crop is centred on the eyes: a mirror image is another face
    # Shift of up to 2 px and scale of +-6 %: landmark jitter between photos.
    s = 1.0 + rng.uniform(-0.06, 0.06)
    a = rng.uniform(-3, 3) * np.pi / 180
    m = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), np.degrees(a), s)
    m[:, 2] += rng.uniform(-2, 2, size=2)
    out = cv2.warpAffine(np.ascontiguousarray(out), m, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.5:  # a head turned by a few degrees: one side narrower and shorter
        t = rng.uniform(-0.12, 0.12)
        src = np.float32([[0, 0], [WIDTH, 0], [WIDTH, HEIGHT], [0, HEIGHT]])
        squeeze_left, squeeze_right = max(0.0, t) * HEIGHT / 2, max(0.0, -t) * HEIGHT / 2
        shift = t * WIDTH / 2
        dst = np.float32([[shift + abs(t) * WIDTH / 4, squeeze_left], [WIDTH + shift - abs(t) * WIDTH / 4, squeeze_right],
                          [WIDTH + shift - abs(t) * WIDTH / 4, HEIGHT - squeeze_right],
                          [shift + abs(t) * WIDTH / 4, HEIGHT - squeeze_left]])
        out = cv2.warpPerspective(out, cv2.getPerspectiveTransform(src, dst), (WIDTH, HEIGHT),
                                  borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.3:  # lower resolution than the corpus: blur
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.2))
    if rng.random() < 0.15:  # grey photos
        g = out @ np.array([0.114, 0.587, 0.299], np.float32)
        out = np.repeat(g[:, :, None], 3, axis=2)
    # Exposure, contrast and white balance.
    out = out * rng.uniform(0.7, 1.3) + rng.uniform(-25, 25)
    out = out * rng.uniform(0.9, 1.1, size=3)[None, None, :]
    out = out + rng.normal(0, rng.uniform(0, 4), size=out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def balanced_accuracy(prob, y, threshold=0.5):
    pred = prob >= threshold
    pos, neg = y == 1, y == 0
    tpr = (pred & pos).sum() / max(1, pos.sum())
    tnr = (~pred & neg).sum() / max(1, neg.sum())
    return 0.5 * (tpr + tnr), 1 - tnr, 1 - tpr  # balanced accuracy, false rejects, false accepts


def export_onnx(model, path, height, width, input_name, output_name):
    """Writes the model as ONNX at opset 11, one image per call, as OpenCV 4.6's cv::dnn reads it,
    says its size and SHA-256, and returns the SHA-256."""
    torch.onnx.export(model, torch.zeros(1, 3, height, width), path, opset_version=11, input_names=[input_name],
                      output_names=[output_name], do_constant_folding=True)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"{path}: {os.path.getsize(path)} bytes, sha256 {digest}", file=sys.stderr)
    return digest


def seeded(seed):
    """Seeds Python's, NumPy's and torch's generators, holds torch to two threads and to its
    deterministic algorithms (a run gives the same model file byte for byte), and returns the
    NumPy generator the training draws its batches and augmentations from."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    return np.random.default_rng(seed)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", required=True, choices=sorted(TASKS))
    ap.add_argument("--labels", required=True, action="append")
    ap.add_argument("--crops", required=True, action="append")
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--fixtures", required=True, help="directory for the C++ equality test's inputs and outputs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=80)
    ap.add_argument("--channels", default="12,24,32,48",
                    help="the four convolution stages' widths (the committed networks: 12,24,32,48)")
    ap.add_argument("--classes", action="store_true",
                    help="--task mouth: three outputs (closed, lips apart, teeth) trained with a softmax; the "
                    "probability reported is the open mouth's, 1 - P(closed)")
    ap.add_argument("--natural-shares", action="store_true",
                    help="with --classes: no class weights (by default each class weighs as much as the others)")
    ap.add_argument("--report", help="CSV of every photo's probability")
    ap.add_argument("--fixture-labels", help="take the fixtures only from this label file's test rows (public-domain "
                    "photos that may be committed); with --task occlusion, four of them get a drawn mask as positives")
    ap.add_argument("--fixture-crop", action="append", default=[], metavar="CROP=0|1",
                    help="one more fixture: a crop of a public-domain photo and its label (1: positive); for a "
                    "split with too few positives of its own")
    args = ap.parse_args()
    global WIDTH, HEIGHT
    suffix, WIDTH, HEIGHT, positive, input_name = TASKS[args.task]
    if args.classes and args.task != "mouth":
        raise SystemExit("--classes: only the mouth task has classes")
    outputs = len(MOUTH_CLASSES) if args.classes else 1

    rng = seeded(args.seed)

    rows = {"train": [], "validation": [], "test": []}
    for labels in args.labels:
        with open(labels, newline="") as f:
            for r in csv.DictReader(f):
                crop = next((c for c in (os.path.join(d, r["file"] + suffix) for d in args.crops) if os.path.exists(c)),
                            None)
                if r.get("usable", "1") != "1" or crop is None:
                    continue  # no face found, or unusable by the labeller
                if r.get(TASK_COLUMN[args.task]) in UNDECIDED or r.get("mouth") == "not_a_face":
                    continue
                split = r.get("split") or split_of(person_of(r))
                if args.classes:
                    label = mouth_class(r)
                    if label is None:
                        continue
                    rows[split].append((r["file"], crop, label))
                else:
                    rows[split].append((r["file"], crop, 1 if positive(r) else 0))
    for split, rs in rows.items():
        print(f"{split}: {len(rs)} crops, {sum(y > 0 for _, _, y in rs)} positive"
              + (" (" + ", ".join(f"{c} {sum(y == k for _, _, y in rs)}" for k, c in enumerate(MOUTH_CLASSES)) + ")"
                 if args.classes else ""), file=sys.stderr)

    def load(split):
        imgs = np.stack([read_crop(c) for _, c, _ in rows[split]])
        ys = np.array([y for _, _, y in rows[split]], np.float32)
        return imgs, ys

    xtr, ytr = load("train")
    model = CropNet(tuple(int(c) for c in args.channels.split(",")), outputs)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.epochs * ((len(xtr) + 31) // 32))
    if args.classes:  # each class weighs as much as the others, as pos_weight balances two
        counts = np.bincount(ytr.astype(int), minlength=outputs)
        weight = torch.tensor(len(ytr) / (outputs * np.maximum(counts, 1)), dtype=torch.float32)
        ce = nn.CrossEntropyLoss() if args.natural_shares else nn.CrossEntropyLoss(weight=weight)

        def loss_fn(logits, y):
            return ce(logits, y.long())
    else:
        pos_weight = torch.tensor([(ytr == 0).sum() / max(1, (ytr == 1).sum())])
        bce = nn.BCEWithLogitsLoss(pos_weight=pos_weight)

        def loss_fn(logits, y):
            return bce(logits[:, 0], y)

    def class_probabilities(imgs):
        model.eval()
        with torch.no_grad():
            return torch.softmax(model(to_tensor(imgs)), dim=1).numpy()

    def predict(imgs):
        """The positive probability: the sigmoid of the one logit, or with --classes 1 - P(closed)."""
        if args.classes:
            return 1.0 - class_probabilities(imgs)[:, 0]
        model.eval()
        with torch.no_grad():
            return torch.sigmoid(model(to_tensor(imgs))).numpy()[:, 0]

    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(xtr))
        total = 0.0
        for start in range(0, len(order), 32):
            idx = order[start:start + 32]
            batch = to_tensor(np.stack([augment(xtr[i], rng) for i in idx]))
            opt.zero_grad()
            loss = loss_fn(model(batch), torch.from_numpy(ytr[idx]))
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        if epoch % 10 == 9 or epoch == args.epochs - 1:
            ba, _, _ = balanced_accuracy(predict(xtr), (ytr > 0).astype(np.float32))
            print(f"epoch {epoch + 1}: loss {total / len(xtr):.4f}, train balanced accuracy {ba:.3f}", file=sys.stderr)

    model.eval()
    results = {}
    report = []
    for split in ("train", "validation", "test"):
        imgs, classes = load(split)
        ys = (classes > 0).astype(np.float32)
        prob = predict(imgs)
        ba, fr, fa = balanced_accuracy(prob, ys)
        results[split] = {"photos": len(ys), "positive": int(ys.sum()), "balanced_accuracy": round(float(ba), 4),
                          "false_reject": round(float(fr), 4), "false_accept": round(float(fa), 4)}
        if args.classes:  # the class read (the largest probability) against the label
            predicted = class_probabilities(imgs).argmax(axis=1)
            results[split]["classes"] = {c: {"photos": int((classes == k).sum()),
                                             "read_as": {c2: int(((classes == k) & (predicted == k2)).sum())
                                                         for k2, c2 in enumerate(MOUTH_CLASSES)}}
                                         for k, c in enumerate(MOUTH_CLASSES)}
        report += [(split, f, y, p) for (f, _, y), p in zip(rows[split], prob)]
    print(json.dumps(results, indent=1))
    if args.report:
        with open(args.report, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["split", "file", "positive", "probability"])
            for split, name, y, p in report:
                w.writerow([split, name, int(y > 0), f"{p:.6f}"])

    digest = export_onnx(model, args.onnx, HEIGHT, WIDTH, input_name, "logits" if args.classes else "logit")

    # Fixtures for the C++ test: test-split crops (public domain) and the logits torch gives them.
    os.makedirs(args.fixtures, exist_ok=True)
    drawn = {}
    if args.fixture_labels:
        with open(args.fixture_labels, newline="") as f:
            public = {r["file"] for r in csv.DictReader(f)}
        candidates = [r for r in rows["test"] if r[0] in public]
        picks = [r for r in candidates if r[2] > 0][:4] + [r for r in candidates if r[2] == 0][:4]
        if args.task == "occlusion":
            for name, crop, _ in [r for r in candidates if r[2] == 0][4:8]:
                img = read_crop(crop).copy()  # a surgical-mask blue over the nose tip, mouth and chin
                poly = np.int32([[2, HEIGHT // 5], [WIDTH - 3, HEIGHT // 5], [WIDTH - 8, HEIGHT - 1], [7, HEIGHT - 1]])
                cv2.fillPoly(img, [poly], (228, 196, 150))
                drawn["masked-" + name] = img
                picks.append(("masked-" + name, crop, 1))
    else:
        picks = [r for r in rows["test"] if r[2] > 0][:4] + [r for r in rows["test"] if r[2] == 0][:4]
    for extra in args.fixture_crop:
        crop, label = extra.rsplit("=", 1)
        picks.append((os.path.basename(crop)[:-len(suffix)], crop, int(label)))
    fixtures = []
    for name, crop, y in picks:
        img = drawn.get(name, read_crop(crop))
        out = os.path.join(args.fixtures, name + suffix)
        cv2.imwrite(out, img)
        with torch.no_grad():
            logits = [float(v) for v in model(to_tensor(img[None]))[0]]
        if args.classes:
            fixtures.append({"crop": os.path.basename(out), "positive": int(y > 0), "class": MOUTH_CLASSES[y],
                             "logits": logits})
        else:
            fixtures.append({"crop": os.path.basename(out), "positive": y, "logit": logits[0]})
    with open(os.path.join(args.fixtures, "expected.json"), "w") as f:
        json.dump({"model_sha256": digest, "seed": args.seed, "epochs": args.epochs, "fixtures": fixtures}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
