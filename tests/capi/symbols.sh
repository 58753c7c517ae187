#!/usr/bin/env bash
# libconforme_c.so exports the functions of conforme.h, versioned CONFORME_C_0, and nothing else:
# no C++ symbol of conforme, dlib, OpenCV or the C++ runtime a program could bind to by mistake.
set -euo pipefail
lib=$1
symbols=$(nm -D --defined-only "$lib" | awk '{print $3}')
others=$(echo "$symbols" | grep -v -e '^conforme_[a-z_]*@@CONFORME_C_0$' -e '^CONFORME_C_0$' || true)
if [ -n "$others" ]; then
  echo "FAIL exported beside conforme.h:"
  echo "$others" | head -20
  exit 1
fi
# Every function declared in conforme.h is exported.
header=$(dirname "$0")/../../src/conforme/conforme.h
for f in $(grep -o 'conforme_[a-z_]*(' "$header" | tr -d '(' | sort -u); do
  # A here-string, not a pipe: grep -q stops at the first match, and under pipefail the echo it
  # leaves writing would die of SIGPIPE and fail the test at random.
  grep -qx "$f@@CONFORME_C_0" <<< "$symbols" || { echo "FAIL $f is declared but not exported"; exit 1; }
done
echo "$(echo "$symbols" | grep -c '^conforme_') functions exported, nothing else"
