#!/usr/bin/env bash
# Start Jupyter Notebook on notebooks/ with the Descent kernel as the default, printing the URL.
# Environment: PORT (default 8888), HOST (default localhost; 0.0.0.0 to serve a container's port).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JUPYTER_PATH="$ROOT/kernel-setup/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_RUNTIME_DIR="$ROOT/kernel-setup/jupyter/runtime"
PORT="${PORT:-8888}"
HOST="${HOST:-localhost}"
# plotly.js is also served as static/plotly.min.js: a page that lost the copy inlined in its outputs
# (src/plot/html.ts) loads it from there instead of showing a blank figure.
ARGS=(--notebook-dir="$ROOT/notebooks" --port="$PORT" --ip="$HOST"
      --MappingKernelManager.default_kernel_name=descent
      "--NotebookApp.extra_static_paths=[\"$ROOT/node_modules/plotly.js-dist-min\"]")
[ "$(id -u)" = 0 ] && ARGS+=(--allow-root)
[ -z "${DISPLAY:-}" ] && ARGS+=(--no-browser)
echo "start: Jupyter Notebook on notebooks/ with the 'TypeScript (Descent)' kernel; open the URL printed below"
echo "start: (http://$HOST:$PORT/?token=… — stop with Ctrl-C)"
exec jupyter notebook "${ARGS[@]}"
