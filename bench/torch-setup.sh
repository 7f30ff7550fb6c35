#!/usr/bin/env bash
# `npm run bench` compares with torch 1.13 (Debian's python3-torch, CPU) when it can be had: installs it
# (as root, from Debian) when missing, with OpenBLAS, because torch's Debian build takes whatever
# libblas.so.3 the system points at, and the reference BLAS it otherwise gets multiplies matrices ~20×
# slower than a real torch install (pip's wheels bring their own MKL/OpenBLAS): a comparison against
# that would flatter us. Never needed by `npm test`. DESCENT_BENCH_INSTALL=0 skips this step.
set -uo pipefail
say() { echo "bench setup: $*"; }
[ "${DESCENT_BENCH_INSTALL:-1}" = "0" ] && { say "DESCENT_BENCH_INSTALL=0: not installing anything"; exit 0; }
PY=/usr/bin/python3
missing=()
"$PY" -c "import torch" 2>/dev/null || missing+=(python3-torch)
# The BLAS torch would load: Debian's alternatives link for libblas.so.3.
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in *openblas*|*blis*|*mkl*) ;; *) missing+=(libopenblas0-pthread) ;; esac
if [ ${#missing[@]} -eq 0 ]; then
  say "torch and an optimized BLAS present ($blas)"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  say "missing ${missing[*]}: torch figures will be skipped or unfair (run as root: apt-get install ${missing[*]})"
  exit 0
fi
say "installing ${missing[*]} from Debian (for the torch side of the benchmarks)"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  say "could not install ${missing[*]}: torch figures will be skipped or unfair"
fi
exit 0
