/** A Plotly figure that shows itself as one multi-MIME notebook output (JSON for Lab/VS Code, HTML elsewhere). */
import { figureHtml } from "./html";
import { ensurePlotly, MimeBundle, nextFigureId, sendBundle } from "./output";
import { baseConfig, defaultHeight, Layout, Trace } from "./theme";

export const plotlyMime = "application/vnd.plotly.v1+json";

export interface Frame {
  name: string;
  data: Trace[];
  /** Indices of the traces this frame replaces (the others stay, e.g. a contour background). */
  traces?: number[];
  layout?: Layout;
}

export interface FigureSpec {
  data: Trace[];
  layout: Layout;
  frames?: Frame[];
  config?: Record<string, unknown>;
}

export class Figure {
  readonly data: Trace[];
  readonly layout: Layout;
  readonly frames: Frame[] | undefined;
  readonly config: Record<string, unknown>;
  /** One line saying what the figure shows: the `text/plain` form. */
  readonly summary: string;

  constructor(spec: FigureSpec, summary: string) {
    this.data = spec.data;
    this.layout = spec.layout;
    this.frames = spec.frames;
    this.config = { ...baseConfig, ...(spec.config ?? {}) };
    this.summary = summary.replace(/\s+/g, " ").trim();
  }

  /** The plain-JSON figure (what Plotly.newPlot and the Plotly MIME renderer take). */
  toJSON(): FigureSpec {
    const spec: FigureSpec = { data: this.data, layout: this.layout, config: this.config };
    if (this.frames && this.frames.length) spec.frames = this.frames;
    return spec;
  }

  /** The bundle for one output; each call gets a fresh element id from the session counter. */
  toMimeBundle(): MimeBundle {
    ensurePlotly();
    const spec = this.toJSON();
    const height = typeof this.layout.height === "number" ? this.layout.height : defaultHeight;
    return {
      [plotlyMime]: JSON.parse(JSON.stringify(spec)),
      "text/html": figureHtml(nextFigureId(), spec, height),
      "text/plain": this.toString(),
    };
  }

  toString(): string {
    return `Figure: ${this.summary}`;
  }

  /** Shows the figure as a new output (outside a kernel it does nothing; see canDisplay). */
  show(): void {
    sendBundle(this.toMimeBundle());
  }

  /** Printed by a kernel that has no rich display for the value: the one-line summary, not the JSON. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Shows every figure given, in order (one output each). */
export function show(...figures: Figure[]): void {
  for (const f of figures) f.show();
}
