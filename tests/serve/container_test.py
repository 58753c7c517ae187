#!/usr/bin/env python3
"""The container recipe, checked without a container engine (none on the CI machine):

  container_test.py --source . --cli build/conforme

- every stage starts FROM Debian 12 (debian:bookworm or debian:12, any variant);
- the build stage installs with the project's scripts/setup and builds with scripts/build;
- the image runs `conforme serve --host 0.0.0.0` in exec form (so SIGTERM reaches it), on the
  port it EXPOSEs, which is `conforme serve`'s default port;
- scripts/container is valid bash and tags the image with the project's version, the tag the
  README's Kubernetes examples run, and those examples probe /healthz and /readyz on that port;
- .dockerignore keeps build trees out of the context.
"""
import argparse
import json
import re
import subprocess
import sys

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message)


def instructions(text):
    """Dockerfile instructions as (KEYWORD, arguments), continuation lines joined, comments dropped."""
    out, current = [], ""
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.endswith("\\"):
            current += s[:-1] + " "
            continue
        keyword, _, rest = (current + s).partition(" ")
        out.append((keyword.upper(), rest.strip()))
        current = ""
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()
    src = args.source.rstrip("/")
    with open(src + "/Dockerfile") as f:
        steps = instructions(f.read())

    stages = [i for i, (k, _) in enumerate(steps) if k == "FROM"]
    check(len(stages) >= 1, "no FROM in the Dockerfile")
    for i in stages:
        image = steps[i][1].split()[0]
        check(re.fullmatch(r"debian:(bookworm|12)([-.][\w.-]+)?", image) is not None,
              "FROM %s is not Debian 12 (debian:bookworm)" % image)
    build_runs = " ".join(a for k, a in steps[stages[0]:stages[1] if len(stages) > 1 else None] if k == "RUN")
    check("scripts/setup" in build_runs, "the build stage does not install with scripts/setup")
    check("scripts/build" in build_runs or "cmake --build" in build_runs, "the build stage does not build")
    final = steps[stages[-1]:]

    help_text = subprocess.run([args.cli, "serve", "--help"], stdout=subprocess.PIPE, text=True, check=True).stdout
    default_port = re.search(r"--port arg \(=(\d+)\)", help_text)
    check(default_port is not None, "conforme serve --help shows no default port")
    exposed = [a for k, a in final if k == "EXPOSE"]
    check(len(exposed) == 1 and default_port and exposed[0].split("/")[0] == default_port.group(1),
          "EXPOSE %r is not conforme serve's default port %s" % (exposed, default_port and default_port.group(1)))
    cmd = [a for k, a in final if k == "CMD"]
    check(len(cmd) == 1, "the image has no CMD")
    try:
        argv = json.loads(cmd[-1]) if cmd else []
    except ValueError:
        argv = []
        check(False, "CMD is not in exec form (a JSON array): SIGTERM would reach a shell, not the service")
    check(argv[:2] == ["conforme", "serve"], "CMD does not run conforme serve: %r" % argv)
    check("--host" in argv and argv[argv.index("--host") + 1] == "0.0.0.0",
          "CMD does not listen on 0.0.0.0 (127.0.0.1 inside a container is unreachable): %r" % argv)
    if "--port" in argv:
        check(exposed and argv[argv.index("--port") + 1] == exposed[0].split("/")[0], "CMD's --port is not the EXPOSEd one")
    check(any(k == "USER" and a not in ("root", "0") for k, a in final), "the service runs as root")

    with open(src + "/CMakeLists.txt") as f:
        version = re.search(r"project\(conforme VERSION ([\d.]+)", f.read()).group(1)
    with open(src + "/scripts/container") as f:
        container = f.read()
    check(subprocess.run(["bash", "-n", src + "/scripts/container"]).returncode == 0, "scripts/container is not valid bash")
    tag = "conforme:" + version
    check(tag in container, "scripts/container does not tag the image %s" % tag)

    with open(src + "/README.md") as f:
        readme = f.read()
    images = re.findall(r"^\s*(?:- )?image:\s*(\S+)", readme, re.M)
    check(images and all(i.endswith(tag) for i in images), "README's Kubernetes images %r are not %s" % (images, tag))
    ports = re.findall(r"containerPort:\s*(\d+)", readme)
    check(ports and all(p == exposed[0].split("/")[0] for p in ports), "README's containerPort %r is not EXPOSE" % ports)
    for probe in ("/healthz", "/readyz"):
        check("path: " + probe in readme, "README's Deployment does not probe " + probe)

    with open(src + "/.dockerignore") as f:
        ignored = f.read().split()
    check("build" in ignored, ".dockerignore does not keep build/ out of the context")

    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("container recipe: all assertions hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
