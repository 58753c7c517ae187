#!/usr/bin/env bash
# Installs the built project into a temporary prefix, builds tests/package against it with
# find_package(conforme) and checks a photo with the installed profile.
set -euo pipefail
build_dir=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/tests/package" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
# The installed profile, found by path as a vendor would ship it.
out=$("$work/build/consumer" "$work/prefix/share/conforme/profiles/fr-ants.toml" "$source_dir/tests/data/faces/congress_S001183.jpg")
echo "consumer: $out"
# A real portrait not framed as an ID photo: it fails, and every check of the profile was judged.
checks=$(grep -c '^\[checks\.' "$work/prefix/share/conforme/profiles/fr-ants.toml")
[ "$out" = "fail $checks" ]
