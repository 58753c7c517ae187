"""The folders of voteview/member_photos that the corpus scripts read, extracted from one pinned
commit of a local copy (nothing is downloaded), and conforme-landmarks run over them. Used by
build-hot-spots and build-bio-bare."""
import csv
import os
import subprocess

MEMBERS = "687cf7a9212a445431ad7441d8bfd0b7bf297eff"
FOLDERS = {"bio": "images/bio_guide", "wiki": "images/wiki"}


def extract(repo, out, name):
    """OUT/NAME: the files of FOLDERS[name] at MEMBERS, byte for byte (left as they are when the
    folder already holds files); returns its path."""
    d = os.path.join(out, name)
    if os.path.isdir(d) and os.listdir(d):
        return d
    git_dir = subprocess.run(["git", "-C", repo, "rev-parse", "--absolute-git-dir"], check=True,
                             capture_output=True, text=True).stdout.strip()
    os.makedirs(d, exist_ok=True)
    path = FOLDERS[name]
    subprocess.run(f"git --git-dir={git_dir} archive {MEMBERS} {path} | tar -x --strip-components={path.count('/') + 1} -C {d}",
                   shell=True, check=True)
    return d


def landmarks_csv(out, name, build, crops=None):
    """OUT/NAME-landmarks.csv, conforme-landmarks over every file of OUT/NAME (run once: kept when
    it exists), with the networks' input crops written to `crops` when given; returns its path."""
    path = os.path.join(out, f"{name}-landmarks.csv")
    if os.path.exists(path):
        return path
    d = os.path.join(out, name)
    listing = os.path.join(out, f"{name}.list")
    with open(listing, "w") as f:
        f.writelines(os.path.join(d, n) + "\n" for n in sorted(os.listdir(d)))
    command = [os.path.join(build, "conforme-landmarks")] + (["--crops", crops] if crops else []) + ["--from", listing]
    with open(path, "w") as f:
        subprocess.run(command, stdout=f, stderr=subprocess.DEVNULL, check=True)
    return path


def faces_found(landmarks_path):
    """The file names (no folder) on which conforme-landmarks found one face, sorted."""
    return sorted(os.path.basename(r["file"]) for r in csv.DictReader(open(landmarks_path)) if r["faces"] == "1")
