/**
 * The build-time figures of a page, drawn as the reader comes near them (issue #16: a page shows its text,
 * math and the figures of its first screen within 2 s, and a figure scrolled into view is drawn within a
 * second). plotly.js takes 40 ms to 2 s of main thread to draw one figure (the most for 3-D surfaces in
 * software WebGL). The page used to draw them all at once, one after another, in one long task: 8.7's 19
 * figures kept it busy for 4–9 s, and the frame showing the first screen often waited for the whole task.
 *
 * - Every figure gets a placeholder at once: the figure's own height (nothing moves when it is drawn), its
 *   title and "drawing…", so a reader who gets there first sees what is coming, not a blank box.
 * - A figure joins the queue when it comes within three screens of the viewport (IntersectionObserver); one
 *   is drawn at a time, those inside the viewport first, then the nearest.
 *   So after a jump (an anchor link, Ctrl+End) what the reader looks at is drawn first, and what was near the
 *   old position waits or is dropped.
 * - A figure whose output a run replaced (OutputArea.clear detaches it) is never drawn by a late callback.
 * - Printing draws every remaining figure synchronously in `beforeprint` (the printout has them all).
 * Figures made by running cells do not come through here: outputs.ts draws them at once (drawFigure).
 */
import { drawFigure, figureHeight, loadedPlotly, needsFullPlotly, plotly } from "./figures";

export interface LazyFigureEvents {
  /** The figures inside the first viewport are drawn (and the fonts in use have loaded). */
  firstScreen(): void;
  /** Every build-time figure still on the page is drawn (after the reader scrolled through it, or printed). */
  allDrawn(): void;
  failed(error: Error): void;
}

interface StaticFigure {
  /** Its place among the page's build-time figures. */
  index: number;
  el: HTMLElement;
  plot: HTMLElement;
  spec: unknown;
  placeholder: HTMLElement;
  /** Drawn, being drawn, or failed: never queued again. */
  done: boolean;
}

/**
 * How far beyond the viewport a figure starts drawing, in screens, above and below. On 8.7 four figures sit
 * within three screens, two of them 3-D surfaces that take 0.5–2 s each to draw without a GPU (software
 * WebGL): with two screens' lead (four for 3-D alone) a reader skimming a screen a second met them 0.6–1.6 s
 * before they were drawn; with three, never (three runs each, load 0.6–2.4).
 */
export const SCREENS_AHEAD = 3;

/** The figure's title as plain text (plotly titles may carry <br>, <b>, <sub> markup). */
function figureTitle(spec: unknown): string {
  const t = (spec as { layout?: { title?: unknown } } | null)?.layout?.title;
  const text = typeof t === "string" ? t : typeof (t as { text?: unknown })?.text === "string" ? (t as { text: string }).text : "";
  const plain = text.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
  return plain || "Figure";
}

function prepare(el: HTMLElement, index: number): StaticFigure {
  const plot = el.querySelector<HTMLElement>(".plot")!;
  const spec = JSON.parse(el.querySelector("script.figure-spec")?.textContent ?? "null") as unknown;
  const height = `${figureHeight(spec)}px`;
  // The plot's box keeps the height plotly will draw at; the placeholder fills it until then.
  plot.style.minHeight = height;
  plot.setAttribute("aria-busy", "true");
  const placeholder = document.createElement("div");
  placeholder.className = "figure-placeholder";
  placeholder.style.height = height;
  const title = document.createElement("span");
  title.className = "figure-title";
  title.textContent = figureTitle(spec);
  const state = document.createElement("span");
  state.className = "figure-state";
  state.textContent = "drawing…";
  placeholder.append(title, state);
  plot.appendChild(placeholder);
  return { index, el, plot, spec, placeholder, done: false };
}

const inViewport = (r: DOMRect): boolean => r.bottom > 0 && r.top < window.innerHeight;

/** Lets the browser paint the figure just drawn and run scroll and intersection callbacks before the next. */
const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Draws `root`'s build-time figures as the reader comes near them (and all of them for printing). */
export function drawStaticFigures(root: ParentNode, events: LazyFigureEvents): void {
  const figures = Array.from(root.querySelectorAll<HTMLElement>(".output.figure")).map(prepare);
  const byElement = new Map(figures.map((f) => [f.el as Element, f]));
  const needFull = figures.some((f) => needsFullPlotly(f.spec));
  const near = new Set<StaticFigure>();
  /** The figures inside the viewport at the first look; null until then. */
  let firstScreen: StaticFigure[] | null = null;
  let firstScreenDrawn = false;
  /** Until the first screen is complete only figures inside the viewport are drawn (none from further down). */
  let firstScreenSent = false;
  let allSent = false;
  let pumping = false;

  const gone = (f: StaticFigure) => f.done || !f.el.isConnected;
  const report = () => {
    if (firstScreen && !firstScreenDrawn && firstScreen.every(gone)) {
      firstScreenDrawn = true;
      // Math is complete once KaTeX's fonts are in; the first screen counts them.
      void document.fonts.ready.then(async () => {
        events.firstScreen();
        // Let the browser show it before anything else takes the main thread.
        await nextFrame();
        firstScreenSent = true;
        // While the reader reads, plotly.js is compiled in idle time (1–2 s of main thread for the full bundle
        // on a slow machine), so the first figure they scroll to does not wait for it; then figures ahead draw.
        const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
        const compile = (full: boolean) => plotly(full).catch(() => undefined);
        idle(() => void compile(false).then(() => needFull && idle(() => void compile(true))));
        void pump();
      });
    }
    if (!allSent && figures.every(gone)) {
      allSent = true;
      observer?.disconnect();
      events.allDrawn();
    }
  };

  /** Inside the viewport first (top to bottom), then the nearest to it; drops figures a run removed. */
  const next = (): StaticFigure | undefined => {
    let best: StaticFigure | undefined;
    let bestScore = Infinity;
    for (const f of near) {
      if (gone(f)) {
        near.delete(f);
        continue;
      }
      const r = f.el.getBoundingClientRect();
      if (!firstScreenSent && !inViewport(r)) continue;
      const score = inViewport(r) ? r.top - 1e6 : r.top >= window.innerHeight ? r.top - window.innerHeight : -r.bottom;
      if (score < bestScore) [best, bestScore] = [f, score];
    }
    return best;
  };

  const draw = async (f: StaticFigure): Promise<void> => {
    f.done = true;
    near.delete(f);
    observer?.unobserve(f.el);
    try {
      await plotly(needsFullPlotly(f.spec));
      if (!f.el.isConnected) return; // a run replaced this output while plotly.js loaded
      const start = performance.now();
      f.placeholder.remove();
      await drawFigure(f.plot, f.spec);
      // How long plotly.js took (the site check reports it next to the time the reader waited).
      performance.measure("descent-figure-draw", { start, detail: { index: f.index } });
    } catch (e) {
      f.placeholder.querySelector(".figure-state")!.textContent = `could not be drawn: ${(e as Error).message}`;
      if (f.el.isConnected && !f.placeholder.isConnected) f.plot.appendChild(f.placeholder);
      events.failed(e as Error);
    } finally {
      f.plot.removeAttribute("aria-busy");
    }
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      for (let f = next(); f; f = next()) {
        await draw(f);
        report();
        await nextFrame();
      }
    } finally {
      pumping = false;
    }
    report();
  };

  const onIntersection = (entries: IntersectionObserverEntry[]) => {
    for (const e of entries) {
      const f = byElement.get(e.target);
      if (!f || f.done) continue;
      if (e.isIntersecting) near.add(f);
      else near.delete(f);
    }
    // The first callback comes after the first layout (and after the browser scrolled to a #fragment).
    if (!firstScreen) {
      firstScreen = figures.filter((f) => inViewport(f.el.getBoundingClientRect()));
      report(); // a first screen without figures is complete now
    }
    void pump();
  };
  const observer = typeof IntersectionObserver === "function" && figures.length > 0
    ? new IntersectionObserver(onIntersection, { rootMargin: `${SCREENS_AHEAD * 100}% 0px` })
    : null;
  if (observer) {
    figures.forEach((f) => observer.observe(f.el));
    // A figure on the first screen needs plotly.js: start compiling it now, not after the first paint.
    const onScreen = figures.filter((f) => inViewport(f.el.getBoundingClientRect()));
    if (onScreen.length) void plotly(onScreen.some((f) => needsFullPlotly(f.spec))).catch(() => undefined);
  } else {
    // No IntersectionObserver (very old browsers): draw everything in page order, as before.
    firstScreen = figures;
    firstScreenSent = true;
    figures.forEach((f) => near.add(f));
    void pump();
  }
  if (figures.length === 0) {
    firstScreen = [];
    report();
  }

  // Printing: every figure still waiting is drawn now, synchronously, so that the printout has them all.
  window.addEventListener("beforeprint", () => {
    for (const f of figures) {
      if (gone(f)) continue;
      const P = loadedPlotly(needsFullPlotly(f.spec));
      if (!P) continue; // plotly.js is not there yet: nothing can be drawn synchronously
      f.done = true;
      f.placeholder.remove();
      f.plot.removeAttribute("aria-busy");
      void P.newPlot(f.plot, f.spec).catch((e: Error) => events.failed(e));
    }
    report();
  });
}
