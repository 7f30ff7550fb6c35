#!/usr/bin/env bash
# Builds src/optim/accelerated/native/kernels.c into build/native/<name>.node, the name carrying a
# hash of the sources (kernels.c with its flags, then adam-layout.h), the platform and the
# architecture, so a stale binary is never loaded (native-kernels.ts computes the same name). Without a C compiler or Node's headers it says
# why and exits 0: the JS and wasm paths then run, only slower.
# Usage: bash kernel-setup/native.sh [--if-needed] [--print-name]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SRC=src/optim/accelerated/native/kernels.c
HEADER=src/optim/accelerated/native/adam-layout.h
QUIET=0
PRINT=0
for arg in "$@"; do
  case "$arg" in
    --if-needed) QUIET=1 ;;
    --print-name) PRINT=1 ;;
    *) echo "native.sh: unknown option '$arg' (allowed: --if-needed, --print-name)" >&2; exit 2 ;;
  esac
done

NAME=$(node -e '
const fs = require("fs"), crypto = require("crypto");
const sha = crypto.createHash("sha256");
for (const file of process.argv.slice(1)) sha.update(fs.readFileSync(file));
console.log(`descent-${sha.digest("hex").slice(0, 16)}-${process.platform}-${process.arch}.node`);
' "$SRC" "$HEADER")
if [ "$PRINT" = 1 ]; then echo "$NAME"; exit 0; fi
OUT="build/native/$NAME"
if [ -f "$OUT" ]; then
  [ "$QUIET" = 1 ] || echo "native: $OUT is up to date"
  exit 0
fi

CC_BIN="${CC:-gcc}"
if ! command -v "$CC_BIN" >/dev/null 2>&1; then
  echo "native: no C compiler ($CC_BIN), so the native float64 kernels are not built (d.nativeKernels() says so); apt-get install gcc libc6-dev to get them"
  exit 0
fi
NODE_INCLUDE=$(node -p 'require("path").resolve(process.execPath, "../../include/node")')
[ -f "$NODE_INCLUDE/node_api.h" ] || NODE_INCLUDE=/usr/include/node
if [ ! -f "$NODE_INCLUDE/node_api.h" ]; then
  echo "native: Node's headers (node_api.h) are missing, so the native float64 kernels are not built"
  exit 0
fi
FLAGS=$(sed -n 's/^ \* build flags: //p' "$SRC")
mkdir -p build/native
rm -f build/native/descent-*.node
# shellcheck disable=SC2086  # FLAGS is a list of words
if "$CC_BIN" $FLAGS -I"$NODE_INCLUDE" "$SRC" -o "$OUT.tmp" 2> build/native/compile.log; then
  mv "$OUT.tmp" "$OUT"
  echo "native: built $OUT"
else
  rm -f "$OUT.tmp"
  echo "native: compiling $SRC failed (build/native/compile.log); the JS and wasm paths run instead"
  tail -5 build/native/compile.log
fi
