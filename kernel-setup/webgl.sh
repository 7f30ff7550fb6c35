#!/usr/bin/env bash
# Optional: builds headless-gl (the `gl` package) so tfjs can run its webgl backend in Node.
# Called by `setup.sh --webgl`; nothing else needs it. Takes ≈ 5 min of CPU (gl compiles from source:
# its prebuilt download needs the internet). At run time it needs an X display: `xvfb-run -a <cmd>`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
GL_VERSION=8.1.6
PKGS=(build-essential python3 pkg-config libxi-dev libglu1-mesa-dev libglew-dev libxext-dev xvfb)

missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "webgl.sh: installing ${missing[*]}"
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "webgl.sh: missing Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

if node -e "require('gl')" 2>/dev/null && [ -f node_modules/gl/build/Release/webgl.node ]; then
  echo "webgl.sh: headless-gl already built"
else
  # npm 11 runs no dependency install script that package.json's allowScripts does not list, so the
  # package is fetched without scripts and compiled here with npm's own node-gyp.
  npm install --no-save --ignore-scripts "gl@$GL_VERSION" >/dev/null
  NODE_GYP="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$NODE_GYP" ] || NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  # Offline, node-gyp cannot download Node's headers: use the installed ones when they are there.
  NODEDIR_ARG=()
  [ -f /usr/include/node/node_api.h ] && NODEDIR_ARG=(--nodedir=/usr)
  echo "webgl.sh: compiling headless-gl $GL_VERSION (a few minutes)"
  (cd node_modules/gl && node "$NODE_GYP" rebuild "${NODEDIR_ARG[@]}" >/tmp/descent-gl-build.log 2>&1) || {
    echo "webgl.sh: headless-gl build failed; see /tmp/descent-gl-build.log" >&2
    exit 1
  }
fi

# The proof: tfjs selects webgl under a virtual display.
xvfb-run -a env DESCENT_BACKEND=webgl npx tsx -e 'import("./src").then(async (m) => { const d = m.tf ? m : m.default; await d.tf.ready(); console.log("webgl.sh: " + d.tf.describe()); })'
