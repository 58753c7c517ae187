#!/usr/bin/python3
"""Scores head.covering before and after the head-covering network, per set and split.

  scripts/train/eval_head_covering.py --set NAME=REPORTS.jsonl=LABELS.csv [--set ...] --limit L [--warn W]

Each REPORTS.jsonl is what `conforme check --format jsonl` writes for a set's photos; LABELS.csv
its labels, by file name: a `headwear` column (the US Congress corpus, tests/data/faces/index.csv;
empty or "none": bare head) or CelebA's `wearing_hat` (scripts/corpus/build-celeba-samples: 0 / 1).
A label file with a split column keeps it; one with an `identity` column is split by person as
the training script splits it (scripts/corpus/corpus_split.py); any other is one split, "all".

"Before" is the two hand-made measures against the limits they had (forehead_band above 24 or
accessory_colour above 0.45: reject); "after" is the profiles' rule since the network: reject when
net_probability > L; a photo it passes is sent to review (warn) when net_probability > W (--warn)
or a hand-made measure is over its old limit, counted apart. --all-rules also scores the network
joined by either hand-made measure or both (either rejects), the rules the profiles' was chosen
among on the validation split. Photos with no single face are left out
(not judged). Rates with 95 % Wilson intervals; nothing is chosen here (the limit is chosen on the
validation split by scripts/train/choose_limit.py from the training report).
"""
import argparse
import sys

from choose_limit import check_of_reports, labelled_rows, rule_table


HAND_VALUES = ("forehead_band", "accessory_colour")
# The hand-made measures' limits in both profiles since issue 9 (profiles/fr-ants.toml).
HAND_LIMITS = {"forehead_band": 24.0, "accessory_colour": 0.45}


def read_reports(path):
    """{photo file name: (hand measures reject, network probability)}; faces not measured left out."""
    out = {}
    for name, c in check_of_reports(path, "head.covering", "net_probability").items():
        v = c["values"]
        out[name] = (tuple(v[k]["value"] > HAND_LIMITS[k] for k in HAND_VALUES), v["net_probability"]["value"])
    return out


def rows_of(reports_path, labels_path):
    reports = read_reports(reports_path)
    rows = []
    for split, r in labelled_rows(labels_path, reports):
        positive = r.get("headwear", "") not in ("", "none") or r.get("wearing_hat", "0") == "1"
        hand, p = reports[r["file"]]
        rows.append((split, r["file"], int(positive), (hand, p)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", required=True, help="NAME=REPORTS.jsonl=LABELS.csv")
    ap.add_argument("--limit", type=float, required=True)
    ap.add_argument("--warn", type=float)
    ap.add_argument("--list", action="store_true", help="also list every photo the profiles' rule gets wrong")
    ap.add_argument("--all-rules", action="store_true", help="also each other combination of the three measures")
    args = ap.parse_args()
    L = args.limit
    # The rules compared on the validation split when the profiles' rule was chosen (--all-rules),
    # then the profiles' rule: the network alone rejects, the hand-made measures only warn.
    rules = (("before: forehead band or colour", lambda h, p: h[0] or h[1]),
             ("network or colour", lambda h, p: h[1] or p > L),
             ("network or band", lambda h, p: h[0] or p > L),
             ("network or band or colour", lambda h, p: h[0] or h[1] or p > L),
             (f"after: network > {L} (profiles)", lambda h, p: p > L))
    if not args.all_rules:
        rules = (rules[0], rules[-1])
    after = rules[-1][1]

    def review(h, p):  # the profiles' warn: not rejected, but the network above --warn or a hand measure over
        return not after(h, p) and ((args.warn is not None and p > args.warn) or h[0] or h[1])

    print("| set | split | rule | bare heads rejected (false rejects) | coverings passed (false accepts) | balanced accuracy |")
    print("|---|---|---|--:|--:|--:|")
    for spec in args.set:
        name, reports, labels = spec.split("=", 2)
        for _, sub in rule_table(name, rows_of(reports, labels), rules, review):
            if args.list:
                for split_, f, y, (h, p) in sub:
                    if (y == 1) != after(h, p):
                        print(f"  {split_} {f} label={'covered' if y else 'bare'} band={int(h[0])} colour={int(h[1])} net={p:.4f}",
                              file=sys.stderr)

if __name__ == "__main__":
    main()
