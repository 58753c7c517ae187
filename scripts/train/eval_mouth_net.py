#!/usr/bin/python3
"""Scores expr.mouth_closed before and after the mouth network, per set and split.

  scripts/train/eval_mouth_net.py --set NAME=REPORTS.jsonl=LABELS.csv [--set ...] --limit L [--warn W]
      [--all-rules] [--list] [--lightness]

Each REPORTS.jsonl is what `conforme check --format jsonl` writes for a set's photos; LABELS.csv
its labels, by file name: a `mouth` column (the US Congress corpus: closed / open), CelebA's
`mouth_slightly_open` (scripts/corpus/build-celeba-samples: 0 / 1) or an `expression` column (the
shared portraits' index.csv: smile_teeth is an open mouth, neutral and smile_closed closed ones).
A label file with a split column keeps it; one with an `identity` column is split by person as
the training script splits it (scripts/corpus/corpus_split.py); any other is one split, "all".

"Before" is the landmark measures against the limits they had (teeth_share above 0.005 or
gap_ratio above 0.40: reject); "after" is the profiles' rule since the network: net_probability
> L or gap_ratio > 0.40 (either rejects); a photo it passes is sent to review (warn) when
net_probability > W (--warn) or teeth_share > 0.005, counted apart. --all-rules also scores the
network alone and joined by the teeth share or both measures, the rules the profiles' was chosen
among on the validation split.
--lightness splits the closed mouths' false rejects by the face's median lightness (the report's
light.exposure face_lightness, L*). Photos with no single face, or not judged (a mask), are left
out. Rates with 95 % Wilson intervals; nothing is chosen here (the limit is chosen on the
validation split by scripts/train/choose_limit.py from the training report).
"""
import argparse
import sys

from choose_limit import check_of_reports, labelled_rows, pct, rule_table


# The landmark measures' limits in both profiles before the network (profiles/fr-ants.toml; the
# teeth share's is now a warn).
TEETH_LIMIT, GAP_LIMIT = 0.005, 0.40


def lightness_of(path):
    """{photo file name: the face's median L*} from light.exposure's entry, when the report has it."""
    return {name: c["values"]["face_lightness"]["value"]
            for name, c in check_of_reports(path, "light.exposure", "face_lightness").items()}


def read_reports(path):
    """{photo file name: (teeth rejects, gap rejects, network probability)}; faces not measured left out."""
    out = {}
    for name, c in check_of_reports(path, "expr.mouth_closed", "net_probability").items():
        if c.get("verdict") == "not_judged":
            continue
        v = c["values"]
        out[name] = (v["teeth_share"]["value"] > TEETH_LIMIT, v["gap_ratio"]["value"] > GAP_LIMIT,
                     v["net_probability"]["value"])
    return out


def open_mouth(r):
    if r.get("mouth"):
        return r["mouth"] != "closed"
    if r.get("mouth_slightly_open"):
        return r["mouth_slightly_open"] == "1"
    return r.get("expression") == "smile_teeth"


def rows_of(reports_path, labels_path):
    reports = read_reports(reports_path)
    light = lightness_of(reports_path)
    rows = []
    for split, r in labelled_rows(labels_path, reports):
        teeth, gap, p = reports[r["file"]]
        rows.append((split, r["file"], int(open_mouth(r)), (teeth, gap, p), light.get(r["file"])))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", required=True, help="NAME=REPORTS.jsonl=LABELS.csv")
    ap.add_argument("--limit", type=float, required=True)
    ap.add_argument("--warn", type=float)
    ap.add_argument("--list", action="store_true", help="also list every photo the profiles' rule gets wrong")
    ap.add_argument("--all-rules", action="store_true", help="also the network alone and with each landmark measure")
    ap.add_argument("--lightness", action="store_true", help="closed mouths rejected by the face's lightness")
    args = ap.parse_args()
    L = args.limit
    # The rules compared on the validation split when the profiles' rule was chosen (--all-rules),
    # then the profiles' rule: the network or the landmark gap rejects, the teeth share only warns.
    rules = (("before: teeth or gap (landmarks)", lambda t, g, p: t or g),
             ("network alone", lambda t, g, p: p > L),
             ("network or teeth", lambda t, g, p: t or p > L),
             ("network or teeth or gap", lambda t, g, p: t or g or p > L),
             (f"after: network > {L} or gap (profiles)", lambda t, g, p: g or p > L))
    if not args.all_rules:
        rules = (rules[0], rules[-1])
    after = rules[-1][1]

    def review(t, g, p):  # the profiles' warn: not rejected, but the network above --warn or teeth seen
        return not after(t, g, p) and ((args.warn is not None and p > args.warn) or t)

    print("| set | split | rule | closed mouths rejected (false rejects) | open mouths passed (false accepts) "
          "| balanced accuracy |")
    print("|---|---|---|--:|--:|--:|")
    for spec in args.set:
        name, reports, labels = spec.split("=", 2)
        rows = rows_of(reports, labels)
        for split, sub in rule_table(name, [r[:4] for r in rows], rules, review):
            if args.lightness:
                light = [(y, m, l) for s_, _, y, m, l in rows if s_ == split and y == 0 and l is not None]
                for lo, hi in ((0, 35), (35, 50), (50, 65), (65, 101)):
                    neg = [after(*m) for _, m, l in light if lo <= l < hi]
                    was = [m[0] or m[1] for _, m, l in light if lo <= l < hi]
                    print(f"| {name} | {split} | closed mouths, face L* {lo}-{min(hi, 100)}: after (before) | "
                          f"{pct(sum(neg), len(neg))} ({sum(was)}) | | |")
            if args.list:
                for split_, f, y, (t, g, p) in sub:
                    if (y == 1) != after(t, g, p):
                        print(f"  {split_} {f} label={'open' if y else 'closed'} teeth={int(t)} gap={int(g)} net={p:.4f}",
                              file=sys.stderr)

if __name__ == "__main__":
    main()
