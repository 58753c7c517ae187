"""Photos held in public repositories at pinned commits (the red-eye and closed-eye sets):
find the local copy of a repository, read a file at its commit, cut one face out of a group.

Each label row names repo (owner/name), commit, path and crop. crop: empty (the file as it is),
`x0,x1,y0,y1` (fractions of the width and height: one face of a group), optionally followed by
`,pad` or alone `pad` (grown by half its height above and below and a third of its width on each
side, edge pixels repeated: a face cut by the frame). MIRRORS holds one git directory per
repository, MIRRORS/<owner>+<name>/repo or MIRRORS/<owner>+<name> (a clone or a bare copy
holding the commit); nothing is downloaded.
"""
import os, subprocess, sys

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
