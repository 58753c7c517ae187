#!/usr/bin/python3
"""The networks and the face checks by the face's lightness: are darker faces rejected more often?

Each photo's band is the face's median lightness as light.exposure reports it (face_lightness,
CIELAB L*): below 35 (dark skin or a dim photo), 35-50, 50-65, 65 and above. On these official
portraits the light is controlled, so the band follows the skin more than the exposure; it
is not a skin-tone label. Writes two markdown tables (models/*.md "Limits", EVALUATION.md §24):
- each network alone at its profile limit, on the photos it was not trained on: compliant faces
  it rejects and defects it catches, per band;
- each face check of the profile (fr-ants reports), on the ID-like portraits (US Congress,
  members' Wikipedia photos, the shared portraits): compliant faces rejected and sent to review.
Counts with 95 % Wilson intervals.

Usage (reports of `conforme check --format jsonl`, fr-ants; labels as committed):
  scripts/train/skin_tone_bands.py --congress rep-congress.jsonl --members rep-members.jsonl \
      --shared rep-shared.jsonl --celeba rep-celeba.jsonl
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from choose_limit import checks_of_reports, wilson  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "corpus")
BANDS = [(0, 35, "below 35"), (35, 50, "35-50"), (50, 65, "50-65"), (65, 101, "65 and above")]


def share(k, n):
    if n == 0:
        return "–"
    lo, hi = wilson(k, n)
    return f"{k} of {n} ({100 * k / n:.1f} %, {100 * lo:.1f}–{100 * hi:.1f})"


def reports(path):
    out = {}
    for name, checks in checks_of_reports(path).items():
        light = checks.get("light.exposure", {}).get("values", {}).get("face_lightness")
        if light is None:
            continue
        out[name] = {
            "lightness": light["value"],
            "verdict": {k: c["verdict"] for k, c in checks.items()},
            "value": {k: {n: v["value"] for n, v in c.get("values", {}).items()} for k, c in checks.items()},
        }
    return out


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def band_of(lightness):
    return next(i for i, (lo, hi, _) in enumerate(BANDS) if lo <= lightness < hi)


def table(title, rows, ok_word, bad_word):
    """rows: (band index, is_compliant, over the network's limit)."""
    print(f"\n**{title}**\n")
    print(f"| face lightness (L*) | {ok_word} rejected | {bad_word} caught |")
    print("|---|--:|--:|")
    for i, (_, _, name) in enumerate(BANDS):
        ok = [r for r in rows if r[0] == i and r[1]]
        bad = [r for r in rows if r[0] == i and not r[1]]
        print(f"| {name} | {share(sum(r[2] for r in ok), len(ok))} | {share(sum(r[2] for r in bad), len(bad))} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("congress", "members", "shared", "celeba"):
        ap.add_argument(f"--{name}", required=True)
    a = ap.parse_args()
    congress, members, shared, celeba = (reports(p) for p in (a.congress, a.members, a.shared, a.celeba))
    cong = {r["file"]: r for r in read_csv(os.path.join(CORPUS, "congress225", "labels.csv"))}
    memb = {r["file"]: r for r in read_csv(os.path.join(CORPUS, "members_wiki", "labels.csv"))}
    shar = {r["file"]: r for r in read_csv(os.path.join(ROOT, "..", "shared", "faces", "index.csv"))}
    eye = {}
    for split, name in (("train", "train-labels.csv"), ("validation", "validation-labels.csv"), ("test", "labels.csv")):
        for r in read_csv(os.path.join(CORPUS, "celeba_eye", name)):
            eye[r["file"]] = dict(r, split=split)
    neutral = {"neutral"}
    smiles = {"smile", "smile_teeth", "smile_closed", "other"}

    # The counts of photos per band, to read the tables against.
    print("| set | " + " | ".join(b[2] for b in BANDS) + " |")
    print("|---|" + "--:|" * len(BANDS))
    for name, rep in (("US Congress", congress), ("members", members), ("shared portraits", shared), ("CelebA by eye", celeba)):
        n = [0] * len(BANDS)
        for v in rep.values():
            n[band_of(v["lightness"])] += 1
        print(f"| {name} | " + " | ".join(str(x) for x in n) + " |")

    def net(v, check, value, limit):
        x = v["value"].get(check, {})
        p = x.get(value, x.get(value + "_glasses"))
        return p is not None and p > limit

    # Eye-state network (> 0.95), open eyes of the US Congress portraits (never trained on).
    rows = [(band_of(v["lightness"]), True, net(v, "eyes.open", "closed_probability", 0.95))
            for f, v in congress.items() if cong.get(f, {}).get("eyes") == "open"]
    table("Eye-state network (closed probability > 0.95), open eyes of the 879 US Congress portraits",
          rows, "open eyes", "closed eyes")

    # Glasses network (> 0.5): US Congress validation and test (train trained it), members, shared.
    rows = []
    for rep, lab, col, bare in ((congress, cong, "glasses", "none"), (members, memb, "glasses", "none"),
                                (shared, shar, "glasses", "0")):
        for f, v in rep.items():
            r = lab.get(f)
            if not r or r.get(col, "") == "" or (lab is cong and r["split"] == "train"):
                continue
            rows.append((band_of(v["lightness"]), r[col] == bare, net(v, "glasses", "net_probability", 0.5)))
    table("Glasses network (> 0.5): US Congress validation and test, members, shared portraits",
          rows, "bare faces", "glasses")

    # Smile network (> 0.937): sets it was not trained on.
    rows = []
    for rep, lab, keep in ((celeba, eye, lambda r: r["split"] != "train"), (congress, cong, lambda r: r["split"] != "train"),
                           (members, memb, lambda r: True), (shared, shar, lambda r: True)):
        for f, v in rep.items():
            r = lab.get(f)
            if not r or not keep(r) or r["expression"] not in neutral | smiles:
                continue
            rows.append((band_of(v["lightness"]), r["expression"] in neutral,
                         net(v, "expr.neutral", "smile_probability", 0.937)))
    table("Smile network (> 0.937): CelebA validation and test by eye, US Congress validation and test, members, "
          "shared portraits", rows, "neutral faces", "smiles and other expressions")

    # Expression network (> 0.965, trained on FER-2013 only): every labelled face here.
    rows = []
    for rep, lab in ((celeba, eye), (congress, cong), (members, memb), (shared, shar)):
        for f, v in rep.items():
            r = lab.get(f)
            if not r or r["expression"] not in neutral | smiles:
                continue
            rows.append((band_of(v["lightness"]), r["expression"] in neutral,
                         net(v, "expr.neutral", "non_neutral_probability", 0.965)))
    table("Expression network (non-neutral > 0.965): CelebA by eye (all splits), US Congress, members, shared "
          "portraits", rows, "neutral faces", "smiles and other expressions")

    # Each face check of the profile: compliant faces rejected and defects passed (a warning is not
    # a rejection), by the labels. `is_ok` gives True (compliant), False (a defect) or None (no
    # label for this check in that set).
    def expression(r, s):
        return True if r.get("expression") in neutral else False if r.get("expression") in smiles else None

    def mouth(r, s):
        m = r.get("mouth", "")
        return True if m == "closed" else False if m in ("open", "lips_apart", "teeth") else None

    def covering(r, s):
        h = r.get("headwear", "")
        if s == "celeba":
            return True if h == "bare" else False if h == "covered" else None
        return h in ("", "bare", "none")

    def glasses(r, s):
        g = r.get("glasses", "")
        if s == "shared":
            return g == "0"
        return True if g == "none" else False if g in ("clear", "tinted", "sun", "glasses") else None

    checks = [
        ("eyes.open", lambda r, s: (True if r.get("eyes") == "open" else None) if s == "congress" else None),
        ("glasses", lambda r, s: glasses(r, s) if s != "celeba" else None),
        ("expr.neutral", expression),
        ("expr.mouth_closed", lambda r, s: mouth(r, s) if s != "shared" else None),
        ("head.covering", covering),
        ("pose.yaw", lambda r, s: (True if r.get("pose") == "frontal" else False if r.get("pose") == "turned" else None)
         if s == "congress" else None),
        ("pose.pitch", lambda r, s: (True if r.get("pose") == "frontal" else None) if s == "congress" else None),
    ]
    sets = [(congress, cong, "congress"), (members, memb, "members"), (shared, shar, "shared"),
            (celeba, {f: r for f, r in eye.items() if r["split"] != "train"}, "celeba")]
    print("\n**Face checks of fr-ants by their labels: US Congress (879), members (217), shared portraits (45), "
          "CelebA validation and test by eye (800)**: compliant faces rejected (sent to review), then defects "
          "passed\n")
    print("| check | " + " | ".join(b[2] for b in BANDS) + " |")
    print("|---|" + "--:|" * len(BANDS))
    for check, is_ok in checks:
        for want in (True, False):
            cells = []
            for i in range(len(BANDS)):
                n = hit = rev = 0
                for rep, lab, s in sets:
                    for f, v in rep.items():
                        r = lab.get(f)
                        if not r or band_of(v["lightness"]) != i or v["verdict"].get(check, "skipped") == "skipped":
                            continue
                        if is_ok(r, s) is not want:
                            continue
                        n += 1
                        if want:
                            hit += v["verdict"][check] == "fail"
                            rev += v["verdict"][check] == "warn"
                        else:
                            hit += v["verdict"][check] != "fail"
                cells.append((share(hit, n) + (f" ({rev})" if want else "")) if n else "–")
            if any(c != "–" for c in cells):
                what = "compliant rejected" if want else "defects passed"
                print(f"| {check}: {what} | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
