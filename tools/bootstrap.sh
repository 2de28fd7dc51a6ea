#!/usr/bin/env bash
# Install what cinesim needs on a Debian machine, skipping whatever is already there:
# Debian packages (apt-get), then a virtual environment in .venv with cinesim and its dev tools.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
apt_packages=(${CINESIM_APT_PACKAGES:-})
python=${PYTHON:-$(command -v python3.11 || command -v python3)}

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's python3 lacks venv/ensurepip until python3-venv is installed.
if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
  apt_packages+=("python3-venv")
fi
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv with $python"
  "$python" -m venv "$venv"
fi
echo "installing cinesim into $venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# torch first, pinned: anything that pulls an unpinned torch would otherwise fetch a multi-GB CUDA build.
"$venv/bin/python" -c "import torch" 2>/dev/null || "$venv/bin/python" -m pip install --quiet "torch==2.13.0"
"$venv/bin/python" -m pip install --quiet -e ".[dev]"
# People's bodies for the examples and tests, built once into $CINESIM_CACHE/people (anny's first run: minutes).
"$venv/bin/python" -m cinesim.people.prepare
# librosa's onset detector (the tests' ears) is numba code compiled on first use into $NUMBA_CACHE_DIR: compile it
# here, in one process. Two test workers compiling the same cached gufunc at once can crash one of them with a
# segmentation fault (numba issue 10128), and did in a clean clone's run.
"$venv/bin/python" -c "import numpy as np; from cinesim.audio.listening import onsets
onsets(np.random.default_rng(0).standard_normal(48000))"
