#!/usr/bin/env bash
# Creates the virtual environment and installs the project into it, again only when pyproject.toml changed.
# Usage: source scripts/setup-env.sh [extras]   (extras: "dev" for the test tools)
# The interpreter: $PYTHON if set, else the newest python3.1x (3.11 or later) that runs on this machine.
# The environment: $DANGBO_VENV if set, else .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
extras="${1:-}"
venv="${DANGBO_VENV:-.venv}"
supported='import sys; sys.exit(sys.version_info[:2] < (3, 11))'
python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.14 python3.13 python3.12 python3.11 python3; do
    # a pyenv shim is on PATH even when its version is not selected: it must run, not only exist
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$supported" 2>/dev/null; then
      python_bin="$candidate"; break
    fi
  done
fi
if [ -z "$python_bin" ] || ! "$python_bin" -c "$supported" 2>/dev/null; then
  echo "Cần Python 3.11 trở lên (python3.11 … python3.14) để cài Dangbo; có thể chỉ định bằng PYTHON=…" >&2
  exit 1
fi
wanted=$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ -x "$venv/bin/python" ]; then
  have=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo none)
  if [ "$have" != "$wanted" ] && [ -n "${PYTHON:-}" ]; then
    echo "$venv dùng Python $have, không phải $wanted: tạo lại." >&2
    rm -rf "$venv"
  fi
fi
if [ ! -x "$venv/bin/python" ]; then
  "$python_bin" -m venv "$venv"
fi
stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install -q --upgrade pip
  if [ -n "$extras" ]; then
    "$venv/bin/python" -m pip install -q -e ".[$extras]"
  else
    "$venv/bin/python" -m pip install -q -e .
  fi
  touch "$stamp"
fi
