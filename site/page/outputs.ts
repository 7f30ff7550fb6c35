/**
 * A cell's output area, fed with the runtime's Jupyter messages: streams merge as in Jupyter, display_data
 * with a display id can be replaced in place by update_display_data (live loss curves, progress bars),
 * errors show their traceback. The outputs are also kept as nbformat outputs for "Download notebook".
 */
import { drawFigure } from "./figures";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

export type NbOutput = Record<string, unknown> & { output_type: string };

/** Elements showing each display id, page-wide (an update may target an output of another cell, as in Jupyter). */
const displays = new Map<string, { area: OutputArea; el: HTMLElement; k: number }[]>();

function inert(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, "");
}

async function renderBundle(el: HTMLElement, data: Record<string, unknown>): Promise<void> {
  if (data[PLOTLY_MIME] !== undefined) {
    let plot = el.querySelector<HTMLElement>(":scope > .plot");
    if (!plot || !el.classList.contains("figure")) {
      el.className = "output figure";
      el.textContent = "";
      plot = document.createElement("div");
      plot.className = "plot";
      el.appendChild(plot);
    }
    await drawFigure(plot, data[PLOTLY_MIME]);
    return;
  }
  if (typeof data["text/html"] === "string") {
    el.className = "output html";
    el.innerHTML = inert(data["text/html"]);
    return;
  }
  if (typeof data["image/png"] === "string") {
    el.className = "output image";
    el.innerHTML = `<img alt="" src="data:image/png;base64,${data["image/png"]}">`;
    return;
  }
  el.className = "output";
  el.textContent = "";
  const pre = document.createElement("pre");
  pre.className = "text";
  pre.textContent = stripAnsi(String(data["text/plain"] ?? ""));
  el.appendChild(pre);
}

export class OutputArea {
  /** What the cell printed on stdout since it last started (the page API's CellResult.text). */
  stdout = "";
  readonly outputs: NbOutput[] = [];
  private lastStream: { name: string; el: HTMLElement; k: number } | null = null;
  private clearOnNext = false;
  private drawing: Promise<void>[] = [];

  constructor(private readonly el: HTMLElement) {}

  /** Empties the area (the build-time outputs go too) before a run. */
  clear(): void {
    this.el.textContent = "";
    this.el.dataset.source = "run";
    this.outputs.length = 0;
    this.lastStream = null;
    this.stdout = "";
  }

  /** Resolves when every figure sent so far is drawn. */
  async settled(): Promise<void> {
    const pending = this.drawing;
    this.drawing = [];
    await Promise.allSettled(pending);
  }

  note(text: string, kind: "note" | "warning" = "note"): void {
    const p = document.createElement("div");
    p.className = `output ${kind}`;
    p.textContent = text;
    this.el.appendChild(p);
  }

  private beforeOutput(): void {
    if (this.clearOnNext) {
      this.clearOnNext = false;
      this.el.textContent = "";
      this.outputs.length = 0;
      this.lastStream = null;
    }
  }

  stream(name: string, text: string): void {
    this.beforeOutput();
    if (name === "stdout") this.stdout += text;
    if (this.lastStream && this.lastStream.name === name && this.el.lastElementChild === this.lastStream.el) {
      this.lastStream.el.textContent += stripAnsi(text);
      (this.outputs[this.lastStream.k] as unknown as { text: string }).text += text;
      return;
    }
    const pre = document.createElement("pre");
    pre.className = `output stream ${name}`;
    pre.textContent = stripAnsi(text);
    this.el.appendChild(pre);
    this.outputs.push({ output_type: "stream", name, text });
    this.lastStream = { name, el: pre, k: this.outputs.length - 1 };
  }

  display(data: Record<string, unknown>, metadata: Record<string, unknown>, displayId?: string, executionCount?: number): void {
    this.beforeOutput();
    this.lastStream = null;
    const el = document.createElement("div");
    el.className = "output";
    this.el.appendChild(el);
    const output: NbOutput = executionCount === undefined
      ? { output_type: "display_data", data, metadata }
      : { output_type: "execute_result", data, metadata, execution_count: executionCount };
    this.outputs.push(output);
    if (displayId) {
      const list = displays.get(displayId) ?? [];
      list.push({ area: this, el, k: this.outputs.length - 1 });
      displays.set(displayId, list);
    }
    this.drawing.push(renderBundle(el, data));
  }

  /** update_display_data: every output showing `displayId` (in any cell) is redrawn. */
  static update(displayId: string, data: Record<string, unknown>, metadata: Record<string, unknown>): void {
    for (const target of displays.get(displayId) ?? []) {
      if (!target.el.isConnected) continue;
      target.area.outputs[target.k] = { output_type: "display_data", data, metadata };
      target.area.drawing.push(renderBundle(target.el, data));
    }
  }

  error(ename: string, evalue: string, traceback: string[]): void {
    this.beforeOutput();
    this.lastStream = null;
    const pre = document.createElement("pre");
    pre.className = "output error";
    pre.textContent = (traceback.length ? traceback : [`${ename}: ${evalue}`]).map(stripAnsi).join("\n");
    this.el.appendChild(pre);
    this.outputs.push({ output_type: "error", ename, evalue, traceback });
  }

  clearOutput(wait: boolean): void {
    if (wait) this.clearOnNext = true;
    else {
      this.el.textContent = "";
      this.outputs.length = 0;
      this.lastStream = null;
    }
  }
}
