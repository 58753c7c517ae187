#!/usr/bin/python3
"""Chooses expr.neutral's limit on the expression network and reports the check before and after it.

  scripts/train/eval_expr_net.py --fer-validation V.jsonl --fer-test T.jsonl \
      --id ID.jsonl=tests/corpus/congress225/labels.csv [--id ...] [--limit L] [--max-false-reject 0.02]

Each JSONL is what `conforme check --format jsonl` writes for a list of photos (profile fr-ants):
- FER-2013 frames (scripts/train/train_expr_net.py's data) enlarged 4x and padded so that the
  face detector finds them, named `<class>__<name>.png` (scripts/corpus/build-fer-frames): a face is
  not neutral unless its class is neutral;
- ID photos with a label file (columns file, expression, and split when there is one): `neutral`
  is neutral; smile_closed, smile_teeth and other are not.

"Before" is the landmark measures alone (corner_lift, mouth_width, teeth_share against the
profile's limits, read from the reports); "after" adds non_neutral_probability > limit (either
rejects). The limit, unless given: the lowest (best detection on FER-2013's validation split) at
which the network rejects at most --max-false-reject of the neutral ID photos of every split but
"test" (the compliant photos the limit is chosen on), in steps of 0.01. Photos with no single face
are left out (not judged). Rates with 95 % Wilson intervals; the test splits choose nothing.
"""
import argparse
import csv
import os
from collections import defaultdict

from choose_limit import check_of_reports, pct  # a rate with the same 95 % Wilson interval

LANDMARK_VALUES = ("corner_lift", "mouth_width", "teeth_share")


def read_reports(path):
    """{photo file name: (landmarks reject, network probability)}; faces not measured are left out."""
    out = {}
    for name, c in check_of_reports(path, "expr.neutral", "non_neutral_probability").items():
        v, lim = c["values"], c["limits"]
        landmarks = any(v[k]["value"] > lim[k]["max"] for k in LANDMARK_VALUES if k in lim)
        out[name] = (landmarks, v["non_neutral_probability"]["value"])
    return out


def fer_rows(path):
    rows = []
    for name, (lm, p) in read_reports(path).items():
        cls = name.split("__")[0]
        rows.append((cls, 0 if cls == "neutral" else 1, lm, p))
    return rows


def id_rows(path, labels):
    reports = read_reports(path)
    rows = []
    with open(labels, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("usable", "1") != "1" or not r.get("expression") or r["file"] not in reports:
                continue
            lm, p = reports[r["file"]]
            rows.append((r.get("split", "all"), r["expression"], 0 if r["expression"] == "neutral" else 1, lm, p))
    return rows


def score(rows, limit):
    """rows: (positive, landmarks, probability) -> before/after counts."""
    out = {}
    for name, rej in (("before", lambda lm, p: lm), ("after", lambda lm, p: lm or p > limit),
                      ("network", lambda lm, p: p > limit)):
        neg = [rej(lm, p) for y, lm, p in rows if y == 0]
        pos = [rej(lm, p) for y, lm, p in rows if y == 1]
        out[name] = (sum(neg), len(neg), sum(pos), len(pos))
    return out


def ba(fr, nn, tp, np_):
    if nn == 0 or np_ == 0:
        return float("nan")
    return 0.5 * (tp / np_ + 1 - fr / nn)


def table(title, rows, limit):
    print(f"\n### {title}\n")
    print("| | neutral rejected (false rejects) | not neutral rejected (caught) | balanced accuracy |")
    print("|---|--:|--:|--:|")
    s = score(rows, limit)
    for name, label in (("before", "before: landmarks"), ("after", f"after: landmarks or network > {limit:.2f}"),
                        ("network", f"network alone > {limit:.2f}")):
        fr, nn, tp, np_ = s[name]
        print(f"| {label} | {pct(fr, nn)} | {pct(tp, np_)} | {100 * ba(fr, nn, tp, np_):.1f} % |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fer-validation", required=True)
    ap.add_argument("--fer-test", required=True)
    ap.add_argument("--id", action="append", default=[], help="REPORTS.jsonl=LABELS.csv")
    ap.add_argument("--limit", type=float)
    ap.add_argument("--max-false-reject", type=float, default=0.02)
    ap.add_argument("--training-report", help="the CSV of train_expr_net.py --report: the network alone on every "
                    "FER-2013 face, at its own framing (no face detector)")
    args = ap.parse_args()

    fer = {"validation": fer_rows(args.fer_validation), "test": fer_rows(args.fer_test)}
    ids = {}
    for spec in args.id:
        path, labels = spec.split("=", 1)
        ids[os.path.basename(labels) if "congress" not in labels else "congress225"] = id_rows(path, labels)

    compliant = [p for rows in ids.values() for split, _, y, lm, p in rows if y == 0 and split != "test"]
    limit = args.limit
    if limit is None:
        for step in range(50, 100):
            cand = step / 100
            if sum(p > cand for p in compliant) <= args.max_false_reject * len(compliant):
                limit = cand
                break
        print(f"limit: {limit:.2f} (network rejects {sum(p > limit for p in compliant)} of the {len(compliant)} "
              f"neutral ID photos outside the test splits; highest of them {max(compliant):.4f})")

    if args.training_report:
        with open(args.training_report, newline="") as f:
            rep = [r for r in csv.DictReader(f) if r["source"] == "fer"]
        for split in ("train", "validation", "test"):
            sel = [r for r in rep if r["split"] == split]
            print(f"\n### The network alone, FER-2013 {split} split, every face at FER's own framing\n")
            print("| class | faces | rejected at the limit |")
            print("|---|--:|--:|")
            for cls in sorted({r["label"] for r in sel}):
                ps = [float(r["non_neutral_probability"]) for r in sel if r["label"] == cls]
                print(f"| {cls} | {len(ps)} | {pct(sum(p > limit for p in ps), len(ps))} |")
            rows = [(0 if r["label"] == "neutral" else 1, False, float(r["non_neutral_probability"])) for r in sel]
            fr, nn, tp, np_ = score(rows, limit)["network"]
            print(f"| **neutral vs not: balanced accuracy** | {nn + np_} | {100 * ba(fr, nn, tp, np_):.1f} % |")

    for split in ("validation", "test"):
        rows = fer[split]
        table(f"FER-2013 {split} split (enlarged 4x, through `conforme check`)", [(y, lm, p) for _, y, lm, p in rows], limit)
        print("\nPer class, rejected before → after:\n")
        print("| class | faces | before | after |")
        print("|---|--:|--:|--:|")
        by = defaultdict(list)
        for cls, y, lm, p in rows:
            by[cls].append((lm, p))
        for cls in sorted(by):
            b = sum(lm for lm, _ in by[cls])
            a = sum(lm or p > limit for lm, p in by[cls])
            n = len(by[cls])
            print(f"| {cls} | {n} | {pct(b, n)} | {pct(a, n)} |")
    for name, rows in ids.items():
        for split in sorted({r[0] for r in rows}):
            sel = [(y, lm, p) for s, _, y, lm, p in rows if s == split]
            table(f"{name}, {split}", sel, limit)
            by = defaultdict(list)
            for s, e, y, lm, p in rows:
                if s == split:
                    by[e].append((lm, p))
            print("\n| label | photos | before | after | network probability (median) |")
            print("|---|--:|--:|--:|--:|")
            for e in sorted(by):
                n = len(by[e])
                ps = sorted(p for _, p in by[e])
                print(f"| {e} | {n} | {pct(sum(lm for lm, _ in by[e]), n)} | "
                      f"{pct(sum(lm or p > limit for lm, p in by[e]), n)} | {ps[n // 2]:.3f} |")


if __name__ == "__main__":
    main()
