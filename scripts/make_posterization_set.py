#!/usr/bin/python3
"""Rebuilds the evidence of photo.posterization (EVALUATION.md section 22) from real photos.

Usage:
  /usr/bin/python3 scripts/make_posterization_set.py OUT_DIR [--congress DIR] [--labels CSV]
      [--mw DIR] [--shared DIR] [--celeba DIR] [--celeba-count 1200] [--landmarks-tool PATH]
      [--write-test DIR]

Each DIR holds images/ (or the photos themselves, for --shared) and a landmarks.csv written by
build/conforme-landmarks (run here with --landmarks-tool when missing). Defaults, from the
repository's top: the US Congress portraits scripts/corpus/build-congress writes
(out/corpus/congress225), the members since 1997 scripts/corpus/build-members-wiki writes
(out/corpus/members_wiki), the 44 shared portraits (../shared/faces) and CelebA crops
(out/corpus/celeba, from scripts/corpus/build-celeba-samples; non-commercial licence: measures
only, never its photos, are written to OUT_DIR).

For every photo: the native, the native re-saved as JPEG quality 95, 85, 75, 60, 45 and 30, and
three posterized copies drawn with a generator seeded by the photo's rank (the same set on every
run): 60 % uniform levels per channel (4-48 levels; rounding or flooring), 15 % uniform levels on
the grey only (Y of YCrCb, 4-48), 25 % an adaptive palette (k-means or median cut, 16-64 colours);
30 % of them then enlarged 1.5-3 times (bilinear or bicubic), and saved as JPEG 75, 85, 95 or PNG.
Each is measured by a copy of the check's measure (src/checks/photo_posterization.cpp: face hull
of the jaw and the raised brows, a grid of at most 20,000 pixels, banding share of blue, green and
grey, the largest), on the photo's own landmarks (scaled when enlarged).

The US Congress train and validation natives are also edited in 8 bits (darker, lighter, gamma,
contrast; then JPEG 90): not posterized, reported as such. Writes OUT_DIR/measures.csv, chooses the limit on the US Congress train and validation natives
(native and re-saves at quality >= 75: the smallest limit over which at most 0.5 % of them read)
and prints false rejects and detection per source, with 95 % Wilson intervals.
--write-test DIR also writes the US Congress test split's photos (public domain) and
DIR/labels.csv (image,check,expected) for `conforme eval`, to check the C++ measure against this one.
"""
import argparse
import csv
import math
import os
import subprocess
import sys
from multiprocessing import Pool

import cv2
import numpy as np
from PIL import Image

MAX_SAMPLES = 20000
FALSE_REJECT_CHOICE = 0.005


def load_landmarks(path):
    d = {}
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            if len(row) < 8 + 136 or row[3] != "1":
                continue
            try:
                pts = np.array([float(v) for v in row[8:8 + 136]]).reshape(68, 2)
            except ValueError:
                continue
            d[os.path.basename(row[0])] = (row[0], float(row[7]), pts)
    return d


def encode(img, q):
    if q == "png":
        return img, cv2.imencode(".png", img)[1]
    ok, b = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(q)])
    return cv2.imdecode(b, cv2.IMREAD_COLOR), b


def posterize_uniform(img, levels, floor):
    v = img.astype(np.float32)
    if floor:
        q = np.floor(v * levels / 256.0) * 255.0 / (levels - 1)
    else:
        q = np.round(v * (levels - 1) / 255.0) * 255.0 / (levels - 1)
    return np.clip(np.round(q), 0, 255).astype(np.uint8)


def posterize_grey(img, levels):
    ycc = cv2.cvtColor(img, cv2.COLOR_BGR2YCrCb)
    ycc[..., 0] = posterize_uniform(ycc[..., 0], levels, False)
    return cv2.cvtColor(ycc, cv2.COLOR_YCrCb2BGR)


def posterize_palette(img, colours, method, rng):
    if method == "kmeans":
        z = img.reshape(-1, 3).astype(np.float32)
        idx = rng.choice(len(z), min(len(z), 20000), replace=False)
        crit = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
        cv2.setRNGSeed(int(rng.integers(1 << 30)))
        _, _, centres = cv2.kmeans(z[idx], colours, None, crit, 1, cv2.KMEANS_PP_CENTERS)
        d = ((z[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        out = centres[d.argmin(1)].reshape(img.shape)
        return np.clip(np.round(out), 0, 255).astype(np.uint8)
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    q = pil.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).convert("RGB")
    return cv2.cvtColor(np.asarray(q), cv2.COLOR_RGB2BGR)


# ---- the check's measure (src/checks/photo_posterization.cpp) ----
def face_mask(ied, pts, w, h):
    outline = np.vstack([pts[0:17], pts[17:27] - np.array([0, 0.5 * ied])])
    hull = cv2.convexHull(np.round(outline).astype(np.int32))
    m = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(m, hull, 255)
    return m > 0


def banding_of(values):
    h = np.bincount(values, minlength=256).astype(np.float64)
    h[:2] = 0
    h[254:] = 0
    s = np.convolve(h, np.ones(9) / 9.0, mode="same")
    idx = np.arange(256)
    live = (s >= 8.0) & (idx >= 6) & (idx <= 249)
    if live.sum() < 12 or h[live].sum() <= 0:
        return 0.0
    return (np.abs(h - s)[live].sum() - np.sqrt(2 * s[live] / np.pi).sum()) / h[live].sum()


def banding(img, ied, pts):
    m = face_mask(ied, pts, img.shape[1], img.shape[0])
    n = int(m.sum())
    step = max(1, int(math.ceil(math.sqrt(n / MAX_SAMPLES))))
    grid = np.zeros_like(m)
    grid[::step, ::step] = True
    sel = m & grid
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return max(banding_of(img[..., 0][sel]), banding_of(img[..., 1][sel]), banding_of(grey[sel]))


def variants(img, rank):
    """(kind, detail, levels, quality, scale, photo) for the native, its re-saves and 3 posterized copies."""
    rng = np.random.default_rng(1000 + rank)
    out = [("native", "native", 256, "orig", 1.0, img, None)]
    for q in (95, 85, 75, 60, 45, 30):
        d, b = encode(img, q)
        out.append(("native", "resave", 256, str(q), 1.0, d, b))
    for _ in range(3):
        u = rng.random()
        if u < 0.6:
            levels = int(rng.choice([4, 6, 8, 12, 16, 20, 24, 32, 40, 48]))
            floor = bool(rng.random() < 0.5)
            p, detail = posterize_uniform(img, levels, floor), "uniform_floor" if floor else "uniform"
        elif u < 0.75:
            levels = int(rng.choice([4, 8, 12, 16, 24, 32, 48]))
            p, detail = posterize_grey(img, levels), "grey"
        else:
            levels = int(rng.choice([16, 24, 32, 48, 64]))
            method = str(rng.choice(["kmeans", "mediancut"]))
            p, detail = posterize_palette(img, levels, method, rng), "palette_" + method
        scale = 1.0
        if rng.random() < 0.3:
            scale = float(rng.choice([1.5, 2.0, 2.5, 3.0]))
            p = cv2.resize(p, None, fx=scale, fy=scale,
                           interpolation=int(rng.choice([cv2.INTER_LINEAR, cv2.INTER_CUBIC])))
        q = str(rng.choice(["75", "85", "95", "png"]))
        d, b = encode(p, q)
        out.append(("posterized", detail, levels, q, scale, d, b))
    return out


# 8-bit tone edits of a native (an editor's curves applied to the 8-bit photo, then JPEG 90): not
# posterized, but they re-quantise the tones; measured on the US Congress train and validation photos.
EDITS = {"darker x0.6": lambda v: v * 0.6, "darker x0.8": lambda v: v * 0.8,
         "lighter x1.1": lambda v: v * 1.1, "lighter x1.2": lambda v: v * 1.2,
         "gamma 0.8": lambda v: 255 * (v / 255) ** 0.8, "gamma 1.25": lambda v: 255 * (v / 255) ** 1.25,
         "contrast x0.7": lambda v: 128 + (v - 128) * 0.7, "contrast x1.2": lambda v: 128 + (v - 128) * 1.2}


def job(task):
    source, path, ied, pts, split, rank, write_dir = task
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        return []
    rows = []
    if source == "congress" and split in ("train", "validation"):
        for name, curve in EDITS.items():
            lut = np.clip(np.round(curve(np.arange(256.0))), 0, 255).astype(np.uint8)
            edited = encode(cv2.LUT(img, lut), 90)[0]
            rows.append(dict(source=source, file=os.path.basename(path), split=split, kind="edit", detail=name,
                             levels=256, quality="90", scale=1.0, banding=round(banding(edited, ied, pts), 5)))
    for i, (kind, detail, levels, q, scale, photo, data) in enumerate(variants(img, rank)):
        row = dict(source=source, file=os.path.basename(path), split=split, kind=kind, detail=detail,
                   levels=levels, quality=q, scale=scale, banding=round(banding(photo, ied * scale, pts * scale), 5))
        if write_dir and q in ("orig", "95", "85", "75") or (write_dir and kind == "posterized"):
            stem = os.path.splitext(row["file"])[0]
            ext = ".png" if q == "png" else ".jpg"
            name = f"{stem}_{i}_{detail}_{levels}_{q}_x{scale:g}{ext}"
            with open(os.path.join(write_dir, name), "wb") as f:
                f.write(open(path, "rb").read() if data is None else data.tobytes())
            row["written"] = name
        rows.append(row)
    return rows


def wilson(k, n, z=1.96):
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return p, max(0.0, c - h), min(1.0, c + h)


def pct(k, n):
    p, lo, hi = wilson(k, n)
    return f"{k}/{n} = {100 * p:.1f} % [{100 * lo:.1f}, {100 * hi:.1f}]"


def report(rows):
    compliant = lambda r: r["kind"] == "native" and r["quality"] in ("orig", "95", "85", "75")
    train = [r["banding"] for r in rows if r["source"] == "congress" and r["split"] in ("train", "validation") and compliant(r)]
    train.sort()
    k = int(math.floor(FALSE_REJECT_CHOICE * len(train)))  # at most k read over the limit
    limit = math.ceil(train[len(train) - 1 - k] * 1000) / 1000
    print(f"limit: banding > {limit:.3f}, chosen on {len(train)} US Congress train+validation natives "
          f"(native and re-saves at quality >= 75; {sum(v > limit for v in train)} over it)")
    print("\n8-bit tone edits of the US Congress train and validation natives (then JPEG 90), not posterized:")
    for name in EDITS:
        v = [r for r in rows if r["kind"] == "edit" and r["detail"] == name]
        print(f"  {name:>14}: rejected {pct(sum(r['banding'] > limit for r in v), len(v))}")
    sources = [("US Congress test", lambda r: r["source"] == "congress" and r["split"] == "test"),
               ("US Congress train+validation", lambda r: r["source"] == "congress" and r["split"] in ("train", "validation")),
               ("members since 1997", lambda r: r["source"] == "mw"),
               ("shared portraits", lambda r: r["source"] == "shared"),
               ("CelebA", lambda r: r["source"] == "celeba")]
    bands = [("4-8", 0, 8), ("12-16", 9, 16), ("20-32", 17, 32), ("40-64", 33, 64)]
    for name, sel in sources:
        s = [r for r in rows if sel(r)]
        nat = [r for r in s if compliant(r)]
        print(f"\n{name}: compliant natives (q >= 75) rejected {pct(sum(r['banding'] > limit for r in nat), len(nat))}")
        for q in ("orig", "95", "85", "75", "60", "45", "30"):
            v = [r for r in s if r["kind"] == "native" and r["quality"] == q]
            print(f"  native {q:>4}: rejected {pct(sum(r['banding'] > limit for r in v), len(v))}")
        post = [r for r in s if r["kind"] == "posterized"]
        v = [r for r in post if int(r["levels"]) <= 32]
        print(f"  posterized <= 32 levels: caught {pct(sum(r['banding'] > limit for r in v), len(v))}")
        for b, lo, hi in bands:
            v = [r for r in post if lo <= int(r["levels"]) <= hi]
            print(f"    {b:>5} levels: caught {pct(sum(r['banding'] > limit for r in v), len(v))}")
        for kind in ("uniform", "uniform_floor", "grey", "palette_kmeans", "palette_mediancut"):
            v = [r for r in post if r["detail"] == kind and int(r["levels"]) <= 32]
            print(f"    {kind:>17} (<= 32): caught {pct(sum(r['banding'] > limit for r in v), len(v))}")
        for label, f in (("enlarged", lambda r: float(r["scale"]) > 1), ("JPEG 75", lambda r: r["quality"] == "75"),
                         ("PNG", lambda r: r["quality"] == "png")):
            v = [r for r in post if f(r) and int(r["levels"]) <= 32]
            print(f"    {label:>17} (<= 32): caught {pct(sum(r['banding'] > limit for r in v), len(v))}")
    return limit


def ensure_landmarks(directory, images, tool):
    path = os.path.join(directory, "landmarks.csv") if os.access(directory, os.W_OK) else None
    if path and os.path.exists(path):
        return path
    out = os.path.join("/tmp", "posterization_" + os.path.basename(os.path.normpath(directory)) + "_landmarks.csv")
    if os.path.exists(out):
        return out
    listing = out + ".list"
    with open(listing, "w") as f:
        f.write("\n".join(images) + "\n")
    with open(out, "w") as f:
        subprocess.run([tool, "--from", listing], stdout=f, stderr=subprocess.DEVNULL, check=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--congress", default="out/corpus/congress225")
    ap.add_argument("--labels", default="tests/corpus/congress225/labels.csv")
    ap.add_argument("--mw", default="out/corpus/members_wiki")
    ap.add_argument("--shared", default="../shared/faces")
    ap.add_argument("--celeba", default="out/corpus/celeba")
    ap.add_argument("--celeba-count", type=int, default=1200)
    ap.add_argument("--landmarks-tool", default="build/conforme-landmarks")
    ap.add_argument("--write-test")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    split = {r["file"]: r["split"] for r in csv.DictReader(open(a.labels))}
    tasks, rank = [], 0
    for source, directory in (("congress", a.congress), ("mw", a.mw), ("shared", a.shared), ("celeba", a.celeba)):
        if not directory:
            continue
        img_dir = os.path.join(directory, "images") if os.path.isdir(os.path.join(directory, "images")) else directory
        images = sorted(os.path.join(img_dir, f) for f in os.listdir(img_dir) if f.endswith(".jpg"))
        lm = load_landmarks(ensure_landmarks(directory, images, a.landmarks_tool))
        items = [lm[os.path.basename(p)] for p in images if os.path.basename(p) in lm]
        if source == "celeba":
            order = np.random.default_rng(7).permutation(len(items))[: a.celeba_count]
            items = [items[i] for i in sorted(order)]
        for path, ied, pts in items:
            sp = split.get(os.path.basename(path), "") if source == "congress" else ""
            write = a.write_test if (a.write_test and source == "congress" and sp == "test") else None
            tasks.append((source, os.path.join(img_dir, os.path.basename(path)), ied, pts, sp, rank, write))
            rank += 1
    if a.write_test:
        os.makedirs(a.write_test, exist_ok=True)
    with Pool(2) as pool:
        rows = [r for rs in pool.imap(job, tasks, chunksize=8) for r in rs]
    keys = ["source", "file", "split", "kind", "detail", "levels", "quality", "scale", "banding"]
    with open(os.path.join(a.out, "measures.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, keys, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    limit = report(rows)
    if a.write_test:
        with open(os.path.join(a.write_test, "labels.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["image", "check", "expected"])
            for r in rows:
                if "written" in r:
                    bad = r["kind"] == "posterized" and int(r["levels"]) <= 32
                    if r["kind"] == "posterized" and int(r["levels"]) > 32:
                        continue
                    w.writerow([r["written"], "photo.posterization", "fail" if bad else "pass"])
        with open(os.path.join(a.write_test, "python_measures.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["image", "banding"])
            for r in rows:
                if "written" in r:
                    w.writerow([r["written"], r["banding"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
