/**
 * The HTML of a notebook page and of the contents page. Every URL is relative (the site works under any
 * sub-path of any static host); the shared assets are referenced, never inlined.
 */
import { escapeHtml, highlightTypeScript } from "./highlight";
import { markdownRenderer } from "./markdown";
import type { SiteCodeCell, SiteNotebook } from "./notebook";
import { countFigureOutputs, outputsHtml, PLOTLY_MIME, scriptJson } from "./outputs";
import { needsFullPlotly } from "../page/figures";
import { isCheckCell, progressText, type NbgraderMeta } from "../page/progress";

export interface PageEntry {
  name: string;
  title: string;
  figures: number;
  codeCells: number;
}

const KATEX_FIRST_FONTS = ["KaTeX_Main-Regular", "KaTeX_Math-Italic"];

const head = (title: string, extra: string): string => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/site.css">
${extra}</head>`;

function codeCellHtml(cell: SiteCodeCell): string {
  const attrs = [`data-index="${cell.index}"`, cell.id ? `data-cell-id="${escapeHtml(cell.id)}"` : "", cell.locked ? "data-locked" : ""]
    .filter(Boolean)
    .join(" ");
  const solution = cell.solution === undefined
    ? ""
    : `<details class="solution"><summary>show solution</summary>` +
      `<pre class="code"><code>${highlightTypeScript(cell.solution)}</code></pre>` +
      `<button type="button" class="use-solution">use this solution in the cell</button></details>`;
  return `<section class="cell code" ${attrs}>
<div class="input"><div class="prompt">[ ]:</div>` +
    `<div class="editor"><pre class="code"><code>${highlightTypeScript(cell.source)}</code></pre></div>` +
    `<div class="cell-tools"><button type="button" class="run" title="Run this cell (Shift+Enter)">▶ Run</button>` +
    `<button type="button" class="reset" title="Back to the book's code" hidden>Reset cell</button></div></div>
${solution}<div class="outputs" data-source="build">${outputsHtml(cell.outputs)}</div>
</section>`;
}

function navHtml(entries: PageEntry[], k: number): string {
  const link = (e: PageEntry | undefined, label: string) =>
    e ? `<a href="${encodeURI(e.name)}.html">${label} ${escapeHtml(e.title)}</a>` : "<span></span>";
  return `<nav class="book-nav">${link(entries[k - 1], "←")}<a href="index.html">Descent: contents</a>${link(entries[k + 1], "→")}</nav>`;
}

/** A notebook page: text and math rendered, code highlighted, the kernel's outputs in place. */
export function notebookPage(nb: SiteNotebook, entries: PageEntry[], k: number): string {
  const render = markdownRenderer(nb.name);
  const body = nb.cells
    .map((cell) => (cell.kind === "markdown"
      ? `<section class="cell markdown">${render(cell.source, cell.cellNumber)}</section>`
      : codeCellHtml(cell)))
    .join("\n");
  const figures = nb.cells.reduce((n, c) => n + (c.kind === "code" ? countFigureOutputs(c.outputs) : 0), 0);
  // plotly.js downloads at once on pages with figures (cached across pages), but runs only when page.js asks
  // for it: text, math and a first screen without figures do not wait for it. The cartesian bundle draws
  // every 2-D figure; a page with a 3-D one (d.plot.surface) gets the full bundle.
  const full = nb.cells.some((c) => c.kind === "code" && c.outputs.some((o) => o.data?.[PLOTLY_MIME] !== undefined && needsFullPlotly(o.data[PLOTLY_MIME])));
  const bundle = full ? "plotly-full.min.js" : "plotly.min.js";
  const checks = nb.student.cells.filter((c) => c.cell_type === "code" && isCheckCell(c.metadata?.nbgrader as NbgraderMeta | undefined)).length;
  const plotly = figures > 0 ? `<link rel="preload" href="assets/${bundle}" as="script">\n` : "";
  // KaTeX's two most used fonts before the first paint: the math was typeset at build time, and a font arriving
  // later re-measures every line with math (8.7's first screen moved 4 px, a layout shift of 0.22).
  const mathFonts = body.includes('class="katex"')
    ? KATEX_FIRST_FONTS.map((f) => `<link rel="preload" href="assets/katex/fonts/${f}.woff2" as="font" type="font/woff2" crossorigin>\n`).join("")
    : "";
  return `${head(entries[k].title + " · Descent", `${mathFonts}${plotly}<script type="module" src="assets/page.js"></script>\n`)}
<body data-notebook="${escapeHtml(nb.name)}" data-plotly="${full ? "full" : "cartesian"}">
${navHtml(entries, k)}
<div class="toolbar" role="toolbar" aria-label="Notebook">
<button type="button" data-action="run-all" title="Run every cell from the top">▶▶ Run all</button>
<button type="button" data-action="stop" title="Stop the running cell (restarts the runtime)" disabled>■ Stop</button>
<button type="button" data-action="restart" title="Forget every variable and start fresh">↻ Restart</button>
<button type="button" data-action="download" title="Save your cells as a .ipynb (for npm run grade)">⤓ Download notebook</button>
<span class="progress">${checks ? progressText(0, checks) : ""}</span>
<span class="status" aria-live="polite">Cells show the book's results. Edit any cell, or run it in your browser.</span>
</div>
<main>
${body}
</main>
<script type="application/json" id="descent-notebook">${scriptJson(nb.student)}</script>
</body></html>
`;
}

/** The contents page, in chapter order. */
export function contentsPage(entries: PageEntry[], builtAt: string): string {
  const rows = entries
    .map((e) => `<li><a href="${encodeURI(e.name)}.html">${escapeHtml(e.title)}</a>` +
      `<span class="meta">${e.codeCells} code cells · ${e.figures} figure${e.figures === 1 ? "" : "s"}</span></li>`)
    .join("\n");
  return `${head("Descent: Optimization for Training Deep Models", "")}
<body class="contents">
<h1>Descent</h1>
<p class="sub">Chapter 8 of Goodfellow, Bengio &amp; Courville's <em>Deep Learning</em>, "Optimization for Training Deep Models",
as an executable TypeScript workbook. Every page shows the results computed when the book was built; every code cell
can be edited and run right here, in your browser, on your GPU when it has one (WebGPU or WebGL), else on the CPU (WebAssembly).</p>
<ol>
${rows}
</ol>
<footer>Built ${escapeHtml(builtAt)} by <code>npm run build</code>. Nothing on these pages is fetched from another site.</footer>
</body></html>
`;
}
