/**
 * The `text/html` side of a figure. Notebook 6 and nbconvert's HTML export ignore Plotly's JSON MIME type,
 * so each figure carries a small script; plotly.js itself is inlined once per kernel session by a separate
 * loader output (see output.ts). Figures drawn before plotly.js arrives wait in a queue, so outputs may
 * appear in any order; if plotly.js never arrives the figure says why instead of staying blank. Where the
 * page already has `window.Plotly` (the browser edition), figures draw at once and nothing is inlined.
 */

/** JSON that is safe inside a `<script>` element (no `</script>`, no HTML comment openers, no line separators). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * Runs plotly.js (the source the platform gives, e.g. plotly.js-dist-min read from node_modules) with
 * `module`, `exports` and `define` shadowed so its UMD wrapper sets `window.Plotly` even where require.js
 * (Notebook 6, nbconvert templates) or a CommonJS shim is on the page.
 */
export function loaderHtml(plotly: { version: string; code: string }): string {
  const { version } = plotly;
  // A literal "</script" would end the inline element early; in JS source it can only occur inside strings or regexes.
  const code = plotly.code.replace(/<\/script/gi, "<\\/script");
  return [
    `<div class="descent-plotly-loader" style="display:none" data-plotly-version="${version}"></div>`,
    `<script type="text/javascript">`,
    `/* plotly.js ${version}, inlined once for this notebook's figures by Descent (src/plot) */`,
    `(function (module, exports, define) {`,
    `if (window.Plotly && window.Plotly.newPlot) return;`,
    code,
    `\n}).call(window);`,
    `(function () { var q = window.__descentPlotQueue || []; window.__descentPlotQueue = [];`,
    `  for (var i = 0; i < q.length; i++) q[i](window.Plotly); })();`,
    `</script>`,
  ].join("\n");
}

/**
 * Where a Notebook 6 server may serve plotly.js (only tried when a page lost its inlined copy): its static
 * path when started with `--NotebookApp.extra_static_paths=<node_modules/plotly.js-dist-min>`, or the
 * project's files when the notebook directory is the project root.
 */
const notebookServerPlotly = ["static/plotly.min.js", "files/node_modules/plotly.js-dist-min/plotly.min.js"];

/**
 * The script that draws one figure into `<div id=…>`. Ids repeat after a kernel restart, so it takes the
 * first element with that id that no earlier script claimed; Notebook 6 runs the script before the output
 * is attached to the page, so it retries briefly until the element exists.
 */
export function figureHtml(id: string, spec: unknown, heightPx: number): string {
  const rescue = [
    `function rescue() {`,
    `  if (window.Plotly || window.__descentPlotRescue) return; window.__descentPlotRescue = true;`,
    `  var base = document.body && document.body.getAttribute("data-base-url");`,
    `  var give = function () { var q = window.__descentPlotQueue || []; window.__descentPlotQueue = [];`,
    `    for (var i = 0; i < q.length; i++) q[i](null); };`,
    `  if (base === null || !window.fetch) { give(); return; }`,
    `  var urls = ${JSON.stringify(notebookServerPlotly)};`,
    `  var next = function (k) {`,
    `    if (k >= urls.length) { give(); return; }`,
    `    fetch(base + urls[k]).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })`,
    `      .then(function (src) { new Function("module", "exports", "define", src).call(window);`,
    `        var q = window.__descentPlotQueue || []; window.__descentPlotQueue = []; for (var i = 0; i < q.length; i++) q[i](window.Plotly); })`,
    `      .catch(function () { next(k + 1); });`,
    `  };`,
    `  next(0);`,
    `}`,
  ].join("\n");
  return [
    `<div id="${escapeHtml(id)}" class="descent-figure" style="width:100%;min-height:${heightPx}px"></div>`,
    `<script type="text/javascript">`,
    `(function () {`,
    `var id = ${scriptJson(id)}, fig = ${scriptJson(spec)}, tries = 0;`,
    `function find() {`,
    `  var nodes = document.querySelectorAll('div[id="' + id + '"]');`,
    `  for (var i = 0; i < nodes.length; i++) if (!nodes[i].getAttribute("data-descent-claimed")) return nodes[i];`,
    `  return null;`,
    `}`,
    `function draw(el, P) {`,
    `  if (!P) { el.textContent = "This figure needs plotly.js, which this page does not contain: run the notebook again from the top."; return; }`,
    // Before "load" a static page may not have laid out the column yet, and Plotly would fall back to 700 px.
    `  if (document.readyState === "complete") P.newPlot(el, fig);`,
    `  else window.addEventListener("load", function () { P.newPlot(el, fig); });`,
    `}`,
    rescue,
    `function start() {`,
    `  var el = find();`,
    `  if (!el) { if (++tries < 100) setTimeout(start, 50); return; }`,
    `  el.setAttribute("data-descent-claimed", "1");`,
    `  if (window.Plotly && window.Plotly.newPlot) { draw(el, window.Plotly); return; }`,
    `  (window.__descentPlotQueue = window.__descentPlotQueue || []).push(function (P) { draw(el, P); });`,
    `  var later = function () { setTimeout(rescue, 1500); };`,
    `  if (document.readyState === "complete") later(); else window.addEventListener("load", later);`,
    `}`,
    `start();`,
    `})();`,
    `</script>`,
  ].join("\n");
}
