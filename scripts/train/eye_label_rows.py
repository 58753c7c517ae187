#!/usr/bin/python3
"""Rows for choose_limit.py and eval_mouth_net.py from the by-eye CelebA labels (EVALUATION.md §18.6).

  scripts/train/eye_label_rows.py MEASURE OUT_DIR --celeba-reports R.jsonl --congress-reports R.jsonl

MEASURE is one of
  mouth        expr.mouth_closed's net_probability; positive = an open mouth (lips_apart or teeth
               by eye; the US Congress corpus's mouth = open), negative = closed
  corner_lift  expr.neutral's corner_lift; positive = not neutral (smile or other by eye; the US
               Congress corpus's expression other than neutral), negative = neutral
  smile        expr.neutral's smile_probability; same classes as corner_lift

Writes OUT_DIR/MEASURE-report.csv (split,file,positive,probability: choose_limit.py's input) with
the **validation** rows from tests/corpus/celeba_eye/validation-labels.csv and the US Congress
corpus's validation split, and the **test** rows from tests/corpus/celeba_eye/labels.csv (§18)
and the US Congress test split (the test split chooses nothing: choose_limit.py only reports it).
For `mouth` it also writes OUT_DIR/eye-mouth-labels.csv (file,split,mouth = closed / open) for
eval_mouth_net.py --set. `unsure` labels, unusable US Congress photos and photos the check did not
judge (no single face, a mask) give no row. CelebA file names hold "_", US Congress ones do not
(choose_limit.py --source-of _=celeba).
"""
import argparse
import csv
import os

from choose_limit import check_of_reports

HERE = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
EYE = os.path.join(HERE, "tests", "corpus", "celeba_eye")
CONGRESS = os.path.join(HERE, "tests", "corpus", "congress225", "labels.csv")
MEASURES = {"mouth": ("expr.mouth_closed", "net_probability"),
            "corner_lift": ("expr.neutral", "corner_lift"),
            "smile": ("expr.neutral", "smile_probability")}


def eye_positive(measure, r):
    """1, 0 or None (no row) for a by-eye label row."""
    if measure == "mouth":
        return {"closed": 0, "lips_apart": 1, "teeth": 1}.get(r["mouth"])
    return {"neutral": 0, "smile": 1, "other": 1}.get(r["expression"])


def congress_positive(measure, r):
    if r.get("usable", "1") != "1":
        return None
    if measure == "mouth":
        return {"closed": 0, "open": 1}.get(r["mouth"])
    return None if not r["expression"] else int(r["expression"] != "neutral")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("measure", choices=sorted(MEASURES))
    ap.add_argument("out")
    ap.add_argument("--celeba-reports", required=True)
    ap.add_argument("--congress-reports", required=True)
    args = ap.parse_args()
    check, value = MEASURES[args.measure]
    judged = {}
    for path in (args.celeba_reports, args.congress_reports):
        judged.update({name: c for name, c in check_of_reports(path, check, value).items()
                       if c.get("verdict") != "not_judged"})
    rows = []
    for split, path in (("validation", os.path.join(EYE, "validation-labels.csv")), ("test", os.path.join(EYE, "labels.csv"))):
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                y = eye_positive(args.measure, r)
                if y is not None and r["file"] in judged:
                    rows.append((split, r["file"], y))
    with open(CONGRESS, newline="") as f:
        for r in csv.DictReader(f):
            y = congress_positive(args.measure, r)
            if r["split"] in ("validation", "test") and y is not None and r["file"] in judged:
                rows.append((r["split"], r["file"], y))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"{args.measure}-report.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["split", "file", "positive", "probability"])
        for split, name, y in rows:
            w.writerow([split, name, y, judged[name]["values"][value]["value"]])
    if args.measure == "mouth":
        with open(os.path.join(args.out, "eye-mouth-labels.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["file", "split", "mouth"])
            for split, name, y in rows:
                if "_" in name:
                    w.writerow([name, split, "open" if y else "closed"])
    print(f"eye_label_rows: {len(rows)} rows ({sum(s == 'validation' for s, _, _ in rows)} validation) "
          f"in {args.out}/{args.measure}-report.csv")


if __name__ == "__main__":
    main()
