#!/usr/bin/python3
"""Chooses a network's limit on the validation split and reports it on every split, by source.

  scripts/train/choose_limit.py REPORT.csv [--max-false-reject 0.02] [--source-of PATTERN=NAME ...]

REPORT.csv is what `scripts/train/train_crop_net.py --report` writes (split,file,positive,
probability). The limit is the probability above which a photo is rejected (the profiles' max): among the limits
that reject at most --max-false-reject of the validation split's negatives (the compliant photos),
the one with the best balanced accuracy; when a range of limits ties, the middle of that range
(the widest margin on both sides), rounded down to two decimals when that stays in the range, else
to three (a limit rounded below the range would reject more than the budget). Each split is then reported as a
whole and per source (a file whose name contains PATTERN belongs to NAME; others to "other"), with
95 % Wilson intervals. The test split chooses nothing.
"""
import argparse
import csv
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
from corpus_split import split_of  # noqa: E402


def wilson(k, n, z=1.96):
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def rates(rows, limit):
    neg = [p for _, y, p in rows if y == 0]
    pos = [p for _, y, p in rows if y == 1]
    fr = sum(p > limit for p in neg)
    fa = sum(p <= limit for p in pos)
    return fr, len(neg), fa, len(pos)


def fmt(k, n):
    if n == 0:
        return "–"
    lo, hi = wilson(k, n)
    return f"{100 * k / n:.1f} % ({100 * lo:.1f}–{100 * hi:.1f}) [{k} of {n}]"


def pct(k, n):
    """k of n as a percentage, its 95 % Wilson interval and the counts (the evaluation scripts)."""
    if n == 0:
        return "–"
    lo, hi = wilson(k, n)
    return f"{100 * k / n:.1f} % ({100 * lo:.1f}–{100 * hi:.1f}), {k} of {n}"


def checks_of_reports(path):
    """{photo file name: {check id: the report's entry of that check}} over a `conforme check`
    JSONL; error records (no checks) are left out."""
    out = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r.get("checks"):
                out[os.path.basename(r["input"])] = {c["id"]: c for c in r["checks"]}
    return out


def check_of_reports(path, check_id, value):
    """{photo file name: the report's entry of check `check_id`} over a `conforme check` JSONL,
    for the photos on which the check measured `value` (faces not measured are left out)."""
    return {name: checks[check_id] for name, checks in checks_of_reports(path).items()
            if value in checks.get(check_id, {}).get("values", {})}


def labelled_rows(labels_path, measured):
    """(split, row) for each row of a label file (the US Congress corpus's labels.csv, CelebA's,
    index.csv) usable and measured (its file among `measured`): the split is the file's split
    column, else the person's from its identity column (corpus_split), else "all"."""
    with open(labels_path, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("usable", "1") != "1" or r["file"] not in measured:
                continue
            yield r.get("split") or (split_of(r["identity"]) if r.get("identity") else "all"), r


def rule_table(name, rows, rules, review):
    """Prints, per split, one table row for each rule and one for the review band, and yields each
    split with its rows for the caller's own lines (the evaluation scripts). rows: (split, file,
    label 1 = defect, measures); each rule and `review` take the measures and say whether the
    photo is rejected, or sent to review."""
    for split in ("train", "validation", "test", "all"):
        sub = [r for r in rows if r[0] == split]
        if not sub:
            continue
        for rule, rejects in rules:
            neg = [rejects(*m) for _, _, y, m in sub if y == 0]
            pos = [rejects(*m) for _, _, y, m in sub if y == 1]
            fr, fa = sum(neg), sum(not x for x in pos)
            ba = (0.5 * (1 - fr / len(neg)) + 0.5 * (1 - fa / len(pos))) if neg and pos else None
            print(f"| {name} | {split} | {rule} | {pct(fr, len(neg))} | {pct(fa, len(pos))} | "
                  f"{'–' if ba is None else f'{100 * ba:.1f} %'} |")
        neg = [review(*m) for _, _, y, m in sub if y == 0]
        pos = [review(*m) for _, _, y, m in sub if y == 1]
        print(f"| {name} | {split} | … sent to review (warn) | {pct(sum(neg), len(neg))} | "
              f"{pct(sum(pos), len(pos))} | |")
        yield split, sub


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("--max-false-reject", type=float, default=0.02)
    ap.add_argument("--source-of", action="append", default=[], help="PATTERN=NAME")
    args = ap.parse_args()
    sources = [s.split("=", 1) for s in args.source_of]
    by_split = {}
    with open(args.report, newline="") as f:
        for r in csv.DictReader(f):
            name = next((n for pat, n in sources if pat in r["file"]), "other")
            by_split.setdefault(r["split"], []).append((name, int(r["positive"]), float(r["probability"])))
    val = by_split["validation"]
    scored = []
    for limit in (i / 1000 for i in range(1, 1001)):
        fr, nn, fa, np_ = rates(val, limit)
        if nn and fr / nn > args.max_false_reject:
            continue
        scored.append((0.5 * ((1 - fr / nn if nn else 1) + (1 - fa / np_ if np_ else 1)), limit))
    best = max(ba for ba, _ in scored)
    tied = [limit for ba, limit in scored if ba == best]
    middle = (min(tied) + max(tied)) / 2
    limit = math.floor(100 * middle) / 100
    if limit < min(tied):
        limit = math.floor(1000 * middle) / 1000
    print(f"limit: reject above probability {limit} (chosen on validation: balanced accuracy {100 * best:.1f} % "
          f"for any limit from {min(tied)} to {max(tied)})\n")
    print("| split | source | balanced accuracy | false rejects (95 % interval) | false accepts (95 % interval) |")
    print("|---|---|--:|--:|--:|")
    for split in ("train", "validation", "test"):
        rows = by_split.get(split, [])
        for name in [None] + sorted({n for n, _, _ in rows}):
            sub = [r for r in rows if name is None or r[0] == name]
            fr, nn, fa, np_ = rates(sub, limit)
            ba = 0.5 * ((1 - fr / nn) if nn else float("nan")) + 0.5 * ((1 - fa / np_) if np_ else float("nan"))
            ba_s = f"{100 * ba:.1f} %" if nn and np_ else "–"
            print(f"| {split} | {name or 'all'} | {ba_s} | {fmt(fr, nn)} | {fmt(fa, np_)} |")


if __name__ == "__main__":
    main()
