"""Photos held in public repositories at pinned commits (the red-eye and closed-eye sets):
find the local copy of a repository, read a file at its commit, cut one face out of a group.

Each label row names repo (owner/name), commit, path and crop. crop: empty (the file as it is),
`x0,x1,y0,y1` (fractions of the width and height: one face of a group), optionally followed by
`,pad` or alone `pad` (grown by half its height above and below and a third of its width on each
side, edge pixels repeated: a face cut by the frame). MIRRORS holds one git directory per
repository, MIRRORS/<owner>+<name>/repo or MIRRORS/<owner>+<name> (a clone or a bare copy
holding the commit); nothing is downloaded.
"""
import csv, os, subprocess, sys

import cv2
import numpy as np


def git_dir(mirrors, repo, tool):
    stem = repo.replace("/", "+")
    for d in (os.path.join(mirrors, stem, "repo"), os.path.join(mirrors, stem)):
        if os.path.isdir(d):
            return d
    sys.exit(f"{tool}: {repo}: no copy under {mirrors} (expected {stem}/repo or {stem})")


def blob(gdir, commit, path, tool):
    if subprocess.run(["git", "-C", gdir, "cat-file", "-e", commit + "^{commit}"], capture_output=True).returncode:
        sys.exit(f"{tool}: {gdir}: commit {commit} is not there")
    return subprocess.run(["git", "-C", gdir, "show", f"{commit}:{path}"], capture_output=True, check=True).stdout


def cut(data, crop, name, tool):
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        sys.exit(f"{tool}: {name}: not an image OpenCV reads")
    parts = [p for p in crop.split(",") if p]
    pad = parts and parts[-1] == "pad"
    if pad:
        parts = parts[:-1]
    if parts:
        x0, x1, y0, y1 = (float(p) for p in parts)
        h, w = image.shape[:2]
        image = image[int(y0 * h):int(y1 * h), int(x0 * w):int(x1 * w)]
    if pad:
        h, w = image.shape[:2]
        image = cv2.copyMakeBorder(image, h // 2, h // 2, w // 3, w // 3, cv2.BORDER_REPLICATE)
    return image


def extract(rows, mirrors, out, tool):
    """Writes each row's photo to OUT/images (a crop as PNG, a whole file byte for byte) and
    returns (path relative to OUT, row) for each, in order."""
    images = os.path.join(out, "images")
    os.makedirs(images, exist_ok=True)
    written = []
    for i, r in enumerate(rows):
        data = blob(git_dir(mirrors, r["repo"], tool), r["commit"], r["path"], tool)
        base = f"{i:02d}_{r['repo'].split('/')[0]}__{os.path.basename(r['path'])}"
        if r["crop"]:
            name = os.path.splitext(base)[0] + ".png"
            cv2.imwrite(os.path.join(images, name), cut(data, r["crop"], base, tool))
        else:
            name = base
            with open(os.path.join(images, name), "wb") as f:
                f.write(data)
        written.append((f"images/{name}", r))
    return written


def evaluate(conforme, out):
    """`conforme eval OUT/eval.csv` (two threads), its Markdown written to OUT/eval.md and printed."""
    md = os.path.join(out, "eval.md")
    subprocess.run([conforme, "eval", os.path.join(out, "eval.csv"), "--jobs", "2", "--markdown", md], check=True)
    with open(md) as fh:
        sys.stdout.write(fh.read())


def rebuild(doc, tool, labels, column, expected, check, source="repo", check_all=False):
    """A recipe's whole job, `TOOL MIRRORS OUT` (doc: its usage): the rows of `labels` written to
    OUT/images (with check_all every row, else only those whose `column` is in `expected`),
    OUT/eval.csv (image,check,expected,source: `expected[row[column]]` for `check`, the row's
    `source` column as source), with check_all OUT/report.jsonl (`conforme check` of every image,
    every check), then `conforme eval` ($CONFORME or build/conforme, profile fr-ants)."""
    if len(sys.argv) != 3:
        sys.exit(doc)
    mirrors, out = sys.argv[1], sys.argv[2]
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    conforme = os.environ.get("CONFORME", os.path.join(root, "build", "conforme"))
    with open(os.path.join(root, labels), newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if check_all or r[column] in expected]
    os.makedirs(out, exist_ok=True)
    written = extract(rows, mirrors, out, tool)
    judged = 0
    with open(os.path.join(out, "eval.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["image", "check", "expected", "source"])
        for image, r in written:
            if r[column] in expected:
                w.writerow([image, check, expected[r[column]], r[source]])
                judged += 1
    print(f"{tool}: {judged} rows in {out}/eval.csv", flush=True)
    if check_all:
        subprocess.run([conforme, "check", "-q", "--jobs", "2", "--kind", "photo", "-o",
                        os.path.join(out, "report.jsonl")] + [os.path.join(out, image) for image, _ in written])
    evaluate(conforme, out)
