/**
 * Markdown cells → HTML at build time: markdown-it (CommonMark + tables) with TeX typeset by KaTeX here,
 * so a page shows its math without running a typesetter in the reader's browser (only KaTeX's CSS and
 * fonts are served). Math is delimited as in Jupyter: `$…$` inline, `$$…$$` displayed.
 */
import katex from "katex";
import MarkdownIt from "markdown-it";

type StateInline = MarkdownIt.StateInline;

/** Where a markdown cell came from, for error messages. */
export interface MarkdownContext {
  notebook: string;
  cell: number;
}

function typeset(tex: string, displayMode: boolean, where: MarkdownContext): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (e) {
    throw new Error(`site: ${where.notebook}, markdown cell ${where.cell}: KaTeX cannot typeset $${tex}$: ${(e as Error).message}`);
  }
}

/** The index of the `$` (or `$$`) closing math that opened at `start`, or -1. */
function closingDollar(src: string, from: number, delimiter: string): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === "\\") {
      i++;
      continue;
    }
    if (src.startsWith(delimiter, i)) {
      if (delimiter === "$" && (/\s/.test(src[i - 1]) || /\d/.test(src[i + 1] ?? ""))) continue;
      return i;
    }
  }
  return -1;
}

/** An inline rule: `$$…$$` (display) and `$…$` (inline, pandoc's rules: no space inside the delimiters). */
function mathRule() {
  return (state: StateInline, silent: boolean): boolean => {
    const src = state.src;
    const start = state.pos;
    if (src[start] !== "$") return false;
    const display = src[start + 1] === "$";
    const delimiter = display ? "$$" : "$";
    const open = start + delimiter.length;
    if (!display && (open >= src.length || /\s/.test(src[open]))) return false;
    const close = closingDollar(src, open, delimiter);
    if (close < 0 || close === open) return false;
    if (!silent) {
      const token = state.push("math", "", 0);
      token.content = src.slice(open, close);
      token.meta = { display };
    }
    state.pos = close + delimiter.length;
    return true;
  };
}

/** A renderer for one notebook's markdown cells; call `render(text, cell)` per cell. */
export function markdownRenderer(notebook: string): (text: string, cell: number) => string {
  let current: MarkdownContext = { notebook, cell: -1 };
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.inline.ruler.before("escape", "math", mathRule());
  md.renderer.rules.math = (tokens, idx) => {
    const t = tokens[idx];
    const html = typeset(t.content, (t.meta as { display: boolean }).display, current);
    return (t.meta as { display: boolean }).display ? `<span class="math-display">${html}</span>` : html;
  };
  // Notebooks link to each other as `8.1-….ipynb` (what works in Jupyter); on the site those are pages.
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx].attrGet("href") ?? "");
    if (href && /^[\w.-]+\.ipynb(#.*)?$/.test(href)) tokens[idx].attrSet("href", href.replace(/\.ipynb(?=#|$)/, ".html"));
    return defaultLink(tokens, idx, options, env, self);
  };
  return (text, cell) => {
    current = { notebook, cell };
    return md.render(text);
  };
}

/** The first heading of a markdown text (for titles), without markup. */
export function firstHeading(text: string): string | undefined {
  const m = /^#{1,2}\s+(.+)$/m.exec(text);
  return m ? m[1].replace(/[*_`]/g, "").trim() : undefined;
}
