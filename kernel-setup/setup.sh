#!/usr/bin/env bash
# Set up Descent on Debian with Node 20: Jupyter packages (apt), npm dependencies, the `descent`
# kernelspec. Idempotent; with --if-needed it is silent (one line) when nothing is missing.
# Usage: bash kernel-setup/setup.sh [--if-needed] [--webgl]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QUIET=0
WEBGL=0
for arg in "$@"; do
  case "$arg" in
    --if-needed) QUIET=1 ;;
    --webgl) WEBGL=1 ;;
    *) echo "setup.sh: unknown option '$arg' (allowed: --if-needed, --webgl)" >&2; exit 2 ;;
  esac
done

START_NS=$(date +%s%N)
DID=()
say() { echo "setup: $*"; }
note() { [ "$QUIET" = 1 ] || say "$*"; }

# --- Node -------------------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1; then
  say "Node.js is missing: install Node 20 (e.g. from nodesource or Debian's nodejs) and re-run"; exit 1
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [ "$NODE_MAJOR" -lt 20 ]; then
  say "Node $(node -v) is too old: Descent needs Node >= 20"; exit 1
fi

# --- Debian packages ----------------------------------------------------------------------------
# nbclient/nbconvert/jupyter-client run notebooks headless, jupyter-notebook serves them to people,
# the kernel-test package is the conformance suite, chromium renders the book in the browser test,
# gcc and libc6-dev build the native float64 kernels (kernel-setup/native.sh).
# dataset-fashion-mnist installs the Fashion-MNIST IDX files the heavy cells train on (d.data.loadFashionMnist).
APT_PACKAGES=(jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook python3-jupyter-kernel-test chromium gcc libc6-dev dataset-fashion-mnist)
MISSING=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    MISSING+=("$pkg")
  fi
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${MISSING[*]}"
    say "run as root: apt-get update && apt-get install -y --no-install-recommends ${MISSING[*]}"
    exit 1
  fi
  say "installing Debian packages: ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
  DID+=("installed ${MISSING[*]}")
fi

# --- npm dependencies ---------------------------------------------------------------------------
# node_modules/.package-lock.json is npm's record of what is installed: compare it with the lockfile.
NPM_STATE=$(node -e '
const fs = require("fs");
if (!fs.existsSync("node_modules")) { console.log("missing"); process.exit(0); }
let hidden;
try { hidden = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages || {}; }
catch { console.log("stale"); process.exit(0); }
const wanted = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages || {};
for (const [key, spec] of Object.entries(wanted)) {
  if (key === "" || spec.optional || spec.link) continue;
  const have = hidden[key];
  if (!have || have.version !== spec.version) { console.log("stale " + key); process.exit(0); }
}
console.log("ok");
')
if [ "$NPM_STATE" != ok ]; then
  # Not `npm ci`: the registry this project installs from serves only the platform packages of this
  # machine (e.g. rollup's linux-x64 build, not its android ones), so the lockfile cannot list every
  # platform's optional package and npm 11's `ci` rejects it as out of sync. `npm install` installs
  # the same pinned versions from package-lock.json and leaves it unchanged.
  say "npm dependencies ${NPM_STATE}: running npm install (from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
  DID+=("npm install")
fi

# --- kernelspec ---------------------------------------------------------------------------------
# Jupyter fills {resource_dir}; the kernel starts in the project root, four levels up, so that
# `import * as d from "./src"` resolves in every notebook wherever the checkout lives.
SPEC_DIR="$ROOT/kernel-setup/jupyter/kernels/descent"
SPEC_JSON='{
  "argv": [
    "/bin/sh",
    "-c",
    "cd \"$0/../../../..\" && exec node kernel-setup/descent-kernel.js \"$1\"",
    "{resource_dir}",
    "{connection_file}"
  ],
  "display_name": "TypeScript (Descent)",
  "language": "typescript",
  "interrupt_mode": "signal",
  "metadata": { "debugger": false }
}'
if [ ! -f "$SPEC_DIR/kernel.json" ] || [ "$(cat "$SPEC_DIR/kernel.json")" != "$SPEC_JSON" ]; then
  mkdir -p "$SPEC_DIR"
  printf '%s\n' "$SPEC_JSON" > "$SPEC_DIR/kernel.json"
  DID+=("wrote kernelspec $SPEC_DIR/kernel.json")
fi
note "kernelspec 'descent' in $SPEC_DIR (JUPYTER_PATH=$ROOT/kernel-setup/jupyter)"

# --- src/ compiled for notebooks ---------------------------------------------------------------
# The kernel loads src/ from a build keyed by a hash of src/ and package-lock (kernel/project-build.ts):
# making it here spares the first notebook after a clone or an edit ≈10 s. A fresh build costs a hash.
if [ "${DESCENT_SRC_BUILD:-1}" != 0 ]; then
  SRC_BUILD=$(node -e '
const fs = require("fs");
const ts = require("@tslab/typescript-for-tslab");
require.extensions[".ts"] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, "utf8"), { fileName: file,
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } }).outputText, file);
const o = require("./kernel/project-build.ts").ensureProjectBuild(process.cwd(), ts);
const s = (o.ms / 1000).toFixed(1);
if (o.status === "error") console.log("src/ has type errors, notebooks will compile it themselves: " + o.message);
else console.log(o.rebuilt ? "compiled src/ for notebooks (" + s + " s)" : "fresh");
' 2>&1) || SRC_BUILD="could not build src/ for notebooks: ${SRC_BUILD:-node failed}"
  case "$SRC_BUILD" in
    fresh) note "src/ build for notebooks is up to date" ;;
    compiled*) DID+=("$SRC_BUILD") ;;
    *) say "$SRC_BUILD" ;;
  esac
fi

# --- native float64 kernels -----------------------------------------------------------------------
# Adam and the finite-input check in C (src/optim/accelerated/native/kernels.c); a no-op when the binary for the
# current source exists, a message (not a failure) when there is no compiler.
NATIVE=$(bash "$ROOT/kernel-setup/native.sh" --if-needed)
case "$NATIVE" in
  "") note "native kernels are up to date" ;;
  "native: built"*) DID+=("${NATIVE#native: }") ;;
  *) say "$NATIVE" ;;
esac

# --- optional webgl -----------------------------------------------------------------------------
if [ "$WEBGL" = 1 ]; then
  if [ -f "$ROOT/kernel-setup/webgl.sh" ]; then
    bash "$ROOT/kernel-setup/webgl.sh"
    DID+=("ran webgl.sh")
  else
    say "--webgl: kernel-setup/webgl.sh is not there yet; nothing done"
  fi
fi

ELAPSED=$(( ($(date +%s%N) - START_NS) / 1000000 ))
if [ "${#DID[@]}" -eq 0 ]; then
  say "everything in place (${ELAPSED} ms)"
else
  for d in "${DID[@]}"; do say "did: $d"; done
  say "done in $((ELAPSED / 1000)).$(printf '%03d' $((ELAPSED % 1000))) s"
fi
