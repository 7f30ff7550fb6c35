/**
 * The outputs a kernel computed at build time (from build/executed/*.ipynb) → static HTML under each cell.
 * Figures are kept as their Plotly JSON (drawn by the page script with the site's one copy of plotly.js);
 * the loader output that inlines plotly.js into a notebook is dropped, and so are the figures' own
 * `<script>`s: nothing on a page runs code it did not get from the site's assets.
 */
import { escapeHtml } from "./highlight";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface NbOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
// eslint-disable-next-line no-control-regex
export const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

/** The output that carries plotly.js itself (src/plot/html.ts loaderHtml): the site serves plotly.js once instead. */
export function isPlotlyLoader(out: NbOutput): boolean {
  return /class="descent-plotly-loader"/.test(joined(out.data?.["text/html"]));
}

/** JSON that can sit inside `<script type="application/json">` (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** HTML without `<script>` elements or inline event handlers (our own outputs' HTML: progress bars, tables). */
export function inertHtml(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, "");
}

/** Significant digits kept in a figure's data on the page: what a plot or its hover label can show. */
export const FIGURE_DIGITS = 6;

function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(FIGURE_DIGITS)) : value;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/**
 * The figure as the page stores it: the traces' numbers (data and animation frames, not the layout) rounded
 * to FIGURE_DIGITS significant digits. Full float64 text made some pages 2 MB; the picture is the same.
 */
export function compactFigure(spec: unknown): unknown {
  if (!spec || typeof spec !== "object") return spec;
  const s = spec as { data?: unknown; frames?: { data?: unknown }[] };
  return {
    ...s,
    ...(s.data !== undefined ? { data: rounded(s.data) } : {}),
    ...(Array.isArray(s.frames) ? { frames: s.frames.map((f) => ({ ...f, data: rounded(f.data) })) } : {}),
  };
}

export function figureHtml(spec: unknown): string {
  // The figure's height reserved in the HTML itself, so nothing below moves before page.js draws it (440 px: plotly's default).
  const h = (spec as { layout?: { height?: unknown } } | null)?.layout?.height;
  const height = typeof h === "number" && Number.isFinite(h) && h > 0 ? Math.round(h) : 440;
  return `<div class="output figure"><div class="plot" style="min-height:${height}px"></div><script type="application/json" class="figure-spec">${scriptJson(compactFigure(spec))}</script></div>`;
}

/** One rich output (display_data / execute_result) as static HTML, best MIME type first. */
export function richHtml(data: Record<string, unknown>): string {
  if (data[PLOTLY_MIME] !== undefined) return figureHtml(data[PLOTLY_MIME]);
  if (data["text/html"] !== undefined) return `<div class="output html">${inertHtml(joined(data["text/html"]))}</div>`;
  if (typeof data["image/png"] === "string") return `<div class="output image"><img alt="" src="data:image/png;base64,${joined(data["image/png"]).trim()}"></div>`;
  if (data["text/plain"] !== undefined) return `<pre class="output text">${escapeHtml(stripAnsi(joined(data["text/plain"])))}</pre>`;
  return "";
}

export function errorHtml(ename: string, evalue: string, traceback: string[]): string {
  const body = traceback.length ? traceback.map(stripAnsi).join("\n") : `${ename}: ${evalue}`;
  return `<pre class="output error">${escapeHtml(body)}</pre>`;
}

/** The build-time outputs of one cell (stream chunks of the same name merged, as Jupyter shows them). */
export function outputsHtml(outputs: NbOutput[]): string {
  const parts: string[] = [];
  let stream: { name: string; text: string } | null = null;
  const flush = () => {
    if (stream) parts.push(`<pre class="output stream ${stream.name}">${escapeHtml(stripAnsi(stream.text))}</pre>`);
    stream = null;
  };
  for (const out of outputs) {
    if (out.output_type === "stream") {
      const name = out.name === "stderr" ? "stderr" : "stdout";
      if (stream && stream.name === name) stream.text += joined(out.text);
      else {
        flush();
        stream = { name, text: joined(out.text) };
      }
      continue;
    }
    flush();
    if (out.output_type === "error") parts.push(errorHtml(out.ename ?? "Error", out.evalue ?? "", out.traceback ?? []));
    else if (out.data && !isPlotlyLoader(out)) parts.push(richHtml(out.data));
  }
  flush();
  return parts.join("\n");
}

/** What the cell printed on stdout, as one string (for comparing with the page's run). */
export function stdoutOf(outputs: NbOutput[]): string {
  return outputs.filter((o) => o.output_type === "stream" && o.name !== "stderr").map((o) => joined(o.text)).join("");
}

export function countFigureOutputs(outputs: NbOutput[]): number {
  return outputs.filter((o) => o.data && o.data[PLOTLY_MIME] !== undefined).length;
}
