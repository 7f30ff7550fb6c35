/** The HTML book around nbconvert's pages: a title per notebook, an index in chapter order, prev/next links. */
import * as fs from "fs";

export interface BookEntry {
  /** Notebook file name without .ipynb, e.g. "00-start-here". */
  name: string;
  title: string;
  ok: boolean;
  figures: number;
  seconds: number;
  error?: string;
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

/** The first Markdown heading of the notebook, else its file name. */
export function notebookTitle(notebookFile: string, fallback: string): string {
  const nb = JSON.parse(fs.readFileSync(notebookFile, "utf8")) as NotebookJson;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const m = /^#{1,2}\s+(.+)$/m.exec(text);
    if (m) return m[1].replace(/[*_`]/g, "").trim();
  }
  return fallback;
}

const NAV_STYLE =
  "position:sticky;top:0;z-index:100;display:flex;justify-content:space-between;gap:1em;" +
  "padding:8px 24px;background:#f7f7f7;border-bottom:1px solid #ddd;font:14px/1.4 sans-serif";

/** A bar with links to the previous page, the index and the next page. */
export function navBar(entries: BookEntry[], k: number): string {
  const link = (e: BookEntry | undefined, label: string) =>
    e ? `<a href="${encodeURI(e.name)}.html">${label} ${escape(e.title)}</a>` : "<span></span>";
  return (
    `<nav class="descent-nav" style="${NAV_STYLE}">` +
    `${link(entries[k - 1], "←")}<a href="index.html">Descent: contents</a>${link(entries[k + 1], "→")}</nav>`
  );
}

/**
 * Inserts the navigation bar right after `<body …>` of an nbconvert page, and points the notebooks'
 * links to each other (`8.1-….ipynb`, as they work in Jupyter) at the book's pages instead.
 */
export function withNavigation(html: string, nav: string): string {
  const m = /<body[^>]*>/i.exec(html);
  if (!m) throw new Error("withNavigation: parameter 'html' must contain a <body> element, got a page without one");
  const page = html.slice(0, m.index + m[0].length) + "\n" + nav + "\n" + html.slice(m.index + m[0].length);
  return page.replace(/href="([\w.-]+)\.ipynb(#[^"]*)?"/g, (_, name: string, hash?: string) => `href="${name}.html${hash ?? ""}"`);
}

/** The book's front page: every notebook in chapter order with its figure count and run time. */
export function indexPage(entries: BookEntry[], builtAt: string): string {
  const rows = entries
    .map((e) => {
      const status = e.ok ? "" : ` <strong style="color:#b00">failed: ${escape(e.error ?? "")}</strong>`;
      return (
        `<li><a href="${encodeURI(e.name)}.html">${escape(e.title)}</a>` +
        `<span class="meta">${e.figures} figure${e.figures === 1 ? "" : "s"} · ran in ${e.seconds.toFixed(1)} s</span>${status}</li>`
      );
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Descent: Optimization for Training Deep Models</title>
<style>
body { font: 16px/1.5 "Helvetica Neue", Arial, sans-serif; max-width: 760px; margin: 40px auto; padding: 0 20px; color: #222; }
h1 { font-size: 28px; margin-bottom: 4px; } .sub { color: #555; margin-top: 0; }
ol { padding-left: 1.4em; } li { margin: 10px 0; } a { color: #0072B2; text-decoration: none; } a:hover { text-decoration: underline; }
.meta { display: block; color: #777; font-size: 13px; } footer { margin-top: 40px; color: #888; font-size: 13px; }
</style></head>
<body>
<h1>Descent</h1>
<p class="sub">Chapter 8 of Goodfellow, Bengio &amp; Courville's <em>Deep Learning</em>, "Optimization for Training Deep Models",
as an executable TypeScript workbook. Every page below was executed headless and exported with its figures.</p>
<ol>
${rows}
</ol>
<footer>Built ${escape(builtAt)} by <code>npm run build</code>.</footer>
</body></html>
`;
}
