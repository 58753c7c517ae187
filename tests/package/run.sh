#!/usr/bin/env bash
# Installs the built project into a temporary prefix and uses it as a vendor would (issue 21):
# a C++ program built with find_package(conforme), the same built with pkg-config, the C test
# program built against the shared C library with pkg-config, the Python module; then the prefix
# is moved and profiles are still found beside it; without them `conforme profiles` says so.
set -euo pipefail
build_dir=$1
python=${2:-python3}  # the interpreter the Python module was built for
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(ls -d "$prefix"/lib*/pkgconfig)")
version=$(sed -n 's/^Version: //p' "$libdir/pkgconfig/conforme.pc")
photo=$source_dir/tests/data/faces/congress_S001183.jpg
# A real portrait not framed as an ID photo: it fails, and every check the profile enables is
# judged (its [checks."…"] sections but those set `enabled = false`).
profile=$prefix/share/conforme/profiles/fr-ants.toml
expected="fail $(($(grep -c '^\[checks\.' "$profile") - $(grep -c '^enabled = false' "$profile")))"

# Headers only under include/conforme/: no core/, io/, report/ folder on a consumer's path.
[ "$(ls "$prefix/include")" = conforme ] || { echo "FAIL include/ holds: $(ls "$prefix/include")"; exit 1; }
for h in conforme.hpp conforme.h build_info.hpp core/report.hpp pipeline/checker.hpp io/decode.hpp; do
  [ -f "$prefix/include/conforme/$h" ] || { echo "FAIL include/conforme/$h not installed"; exit 1; }
done

# find_package(conforme): the installed package finds its own dependencies.
cmake -S "$source_dir/tests/package" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
out=$("$work/build/consumer" "$profile" "$photo")
echo "find_package consumer: $out"
[ "$out" = "$expected" ]
# conforme::conforme_c: the C test program against the installed shared library.
"$work/build/c_consumer" "$source_dir/samples" "$version"

# pkg-config: the C++ library (static: its .pc names every library it needs) ...
export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
g++ -O0 -o "$work/pc_consumer" "$source_dir/tests/package/consumer.cpp" $(pkg-config --cflags --libs conforme) \
  >"$work/pc.log" 2>&1 || { cat "$work/pc.log"; exit 1; }  # OpenCV's headers warn under C++20
out=$("$work/pc_consumer" "$profile" "$photo")
echo "pkg-config consumer: $out"
[ "$out" = "$expected" ]
# ... and the C interface, one shared library (run below, from the moved prefix).
# shellcheck disable=SC2046
gcc -std=c11 -O1 -o "$work/c_consumer" "$source_dir/tests/capi/capi_test.c" $(pkg-config --cflags --libs conforme-c) -ljpeg
# Its SONAME carries major.minor (before 1.0 a minor version may change the interface).
readelf -d "$libdir/libconforme_c.so" | grep -q "SONAME.*\[libconforme_c.so.${version%.*}\]" ||
  { echo "FAIL SONAME: $(readelf -d "$libdir/libconforme_c.so" | grep SONAME)"; exit 1; }

# The prefix moved elsewhere: the profiles are found beside the moved program and library.
moved=$work/moved
mv "$prefix" "$moved"
libdir=$moved/${libdir#"$prefix"/}
listed=$("$moved/bin/conforme" profiles)
echo "$listed"
echo "$listed" | grep -q "^fr-ants " && echo "$listed" | grep -q "^    $moved/share/conforme/profiles/fr-ants.toml$" ||
  { echo "FAIL the moved prefix's profiles are not listed"; exit 1; }
# The C library finds them too, "fr-ants" by name (built with pkg-config, no rpath: the moved
# copy is the one loaded).
LD_LIBRARY_PATH=$libdir "$work/c_consumer" "$source_dir/samples" "$version"
module=$(ls "$moved"/lib/python3*/dist-packages/conforme*.so 2>/dev/null || true)
if [ -n "$module" ]; then
  PYTHONPATH=$(dirname "$module") "$python" -c '
import sys, conforme
r = conforme.Checker("fr-ants").check(sys.argv[1])
assert r["status"] == "fail" and r["profile"]["name"] == "fr-ants", r["failed"]
print("python module from the moved prefix:", r["status"], len(r["checks"]), "checks")' "$photo"
fi

# No profile anywhere: `conforme profiles` says so and exits 2 (it printed nothing, exit 0).
rm -r "$moved/share/conforme/profiles"
if [ -d "$(sed -n 's/.*data_dir = "\(.*\)";/\1/p' "$moved/include/conforme/build_info.hpp")/profiles" ]; then
  echo "note: the configured prefix holds profiles; the 'nothing found' case is not tested here"
else
  set +e
  err=$("$moved/bin/conforme" profiles 2>&1 >/dev/null)
  status=$?
  set -e
  echo "$err"
  [ "$status" = 2 ] && echo "$err" | grep -q "no profile found" || { echo "FAIL status $status"; exit 1; }
fi
echo "package: all steps hold"
