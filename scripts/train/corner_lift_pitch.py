#!/usr/bin/python3
"""How expr.neutral's mouth-corner lift moves with the head's pitch, and what a pitch correction
of it would do (EVALUATION.md §18.7; tried and not kept).

The lift is the height of the mouth corners above the upper inner lip's centre over the eye
distance (src/checks/expr_neutral.cpp). The corners lie further back in the face than the lip's
centre, so a head bowed forward raises them in the image and a head tilted back lowers them. This
fits lift = a + b * pitch on each labelled set and compares the profile's rule (lift > limit, or
any other expr.neutral measure over its limit) with the lift corrected to a level head
(lift + k * pitch), at the same limit and at the limit chosen on the validation side (at most 2 %
of its neutral faces over it, the lowest such limit).

Usage (reports from `conforme check --format jsonl`, fr-ants; labels as committed):
  scripts/train/corner_lift_pitch.py --k 0.0043 \
      --celeba rep-celeba.jsonl --congress rep-congress.jsonl --members rep-members.jsonl \
      --bio rep-bio.jsonl --shared rep-shared.jsonl
"""
import argparse
import csv
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from choose_limit import checks_of_reports  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "corpus")
# expr.neutral's other limits in profiles/fr-ants.toml (the lift's is passed on the command line).
OTHERS = {"mouth_width": 1.02, "teeth_share": 0.005, "non_neutral_probability": 0.965, "smile_probability": 0.937}


def reports(path):
    """file name -> expr.neutral's values and the pitch, for photos with one face judged."""
    out = {}
    for name, checks in checks_of_reports(path).items():
        e, p = checks.get("expr.neutral", {}), checks.get("pose.pitch", {})
        if "corner_lift" not in e.get("values", {}) or "angle" not in p.get("values", {}):
            continue
        v = {k: x["value"] for k, x in e["values"].items()}
        v["pitch"] = p["values"]["angle"]["value"]
        out[name] = v
    return out


def labels(path, column, split=None, key="file"):
    """file name -> 'neutral' or 'smile' (smiles and other expressions); other labels left out."""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if split and r.get("split") != split:
                continue
            x = r[column]
            if x == "neutral":
                out[r[key]] = "neutral"
            elif x in ("smile", "smile_teeth", "smile_closed", "other"):
                out[r[key]] = "smile"
    return out


def rejected(v, lift, limit):
    return lift > limit or any(v[name] > lim for name, lim in OTHERS.items())


def counts(rep, lab, k, limit):
    rows = [(rep[f], lab[f]) for f in lab if f in rep]
    neutral = [v for v, l in rows if l == "neutral"]
    smiles = [v for v, l in rows if l == "smile"]
    fr = sum(rejected(v, v["corner_lift"] + k * v["pitch"], limit) for v in neutral)
    fa = sum(not rejected(v, v["corner_lift"] + k * v["pitch"], limit) for v in smiles)
    return fr, len(neutral), fa, len(smiles)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--k", type=float, default=0.0043, help="correction per degree of pitch")
    ap.add_argument("--limit", type=float, default=0.06, help="the profile's corner_lift limit")
    for name in ("celeba", "congress", "members", "bio", "shared"):
        ap.add_argument(f"--{name}", required=True, help=f"conforme check reports of the {name} photos")
    a = ap.parse_args()

    celeba, congress = reports(a.celeba), reports(a.congress)
    eye = os.path.join(CORPUS, "celeba_eye")
    cong = os.path.join(CORPUS, "congress225", "labels.csv")
    sets = [
        ("CelebA train, by eye", celeba, labels(os.path.join(eye, "train-labels.csv"), "expression")),
        ("CelebA validation, by eye", celeba, labels(os.path.join(eye, "validation-labels.csv"), "expression")),
        ("US Congress validation", congress, labels(cong, "expression", "validation")),
        ("CelebA test, by eye", celeba, labels(os.path.join(eye, "labels.csv"), "expression")),
        ("US Congress train", congress, labels(cong, "expression", "train")),
        ("US Congress test", congress, labels(cong, "expression", "test")),
        ("members (Wikipedia)", reports(a.members), labels(os.path.join(CORPUS, "members_wiki", "labels.csv"), "expression")),
        ("Biographical Directory prints", reports(a.bio), labels(os.path.join(CORPUS, "bio_faces", "labels.csv"), "expression")),
        ("45 shared portraits", reports(a.shared),
         labels(os.path.join(ROOT, "..", "shared", "faces", "index.csv"), "expression")),
    ]

    print("| set | class | photos | r(lift, pitch) | slope per degree | median pitch |")
    print("|---|---|--:|--:|--:|--:|")
    for name, rep, lab in sets:
        for cls in ("neutral", "smile"):
            vs = [rep[f] for f in lab if f in rep and lab[f] == cls]
            if len(vs) < 8:
                continue
            p = np.array([v["pitch"] for v in vs])
            lift = np.array([v["corner_lift"] for v in vs])
            print(f"| {name} | {cls} | {len(vs)} | {np.corrcoef(p, lift)[0, 1]:.2f} | "
                  f"{np.polyfit(p, lift, 1)[0]:.4f} | {np.median(p):.1f}° |")

    # The limit the validation side would choose for the corrected lift: the lowest with at most
    # 2 % of its neutral faces' corrected lift over it.
    val = [s for s in sets if "validation" in s[0]]
    corrected = np.sort([v["corner_lift"] + a.k * v["pitch"] for _, rep, lab in val for f, v in rep.items()
                         if lab.get(f) == "neutral"])
    allowed = int(np.floor(0.02 * len(corrected)))
    chosen = float(np.ceil(corrected[len(corrected) - allowed - 1] * 1000) / 1000)
    print(f"\nlimit chosen on the validation side for the corrected lift: {chosen:.3f} "
          f"({len(corrected)} neutral faces, {allowed} allowed over it)\n")

    print(f"| set | neutral rejected: lift > {a.limit} | corrected > {a.limit} | corrected > {chosen:.3f} "
          f"| smiles passed: lift > {a.limit} | corrected > {a.limit} | corrected > {chosen:.3f} |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, rep, lab in sets:
        runs = [counts(rep, lab, 0.0, a.limit), counts(rep, lab, a.k, a.limit), counts(rep, lab, a.k, chosen)]
        fr = " | ".join(f"{r[0]} of {r[1]}" for r in runs)
        fa = " | ".join(f"{r[2]} of {r[3]}" for r in runs)
        print(f"| {name} | {fr} | {fa} |")


if __name__ == "__main__":
    main()
