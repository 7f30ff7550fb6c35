/**
 * Live outputs for long loops: a loss curve and a progress bar that update ONE output in place
 * (display_data, then update_display_data with the same display id), throttled so a fast loop does not
 * flood the notebook. Outside a kernel they only record.
 */
import { Figure } from "./figure";
import { lines } from "./lines";
import { canDisplay, nextDisplayId, sendBundle } from "./output";
import { escapeHtml } from "./html";
import { fail, requireString } from "./validate";

export interface LiveOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Legend names, e.g. ["train loss", "test loss"]. */
  series: string[];
  logY?: boolean;
  logX?: boolean;
  /** Minimum time between two updates of the output (default 400 ms). */
  throttleMs?: number;
}

export interface LiveChart {
  /** Adds one x and a value per series (series left out get no point at this x). */
  push(x: number, values: Record<string, number>): void;
  /** Sends the final state (returns nothing, so a cell ending in done() does not show the chart twice). */
  done(): void;
  /** The current state as a Figure. */
  figure(): Figure;
}

const now = (): number => Date.now();

/** A chart that fills in as a loop runs: `const c = plot.live({...}); c.push(step, { loss }); … c.done();` */
export function live(options: LiveOptions): LiveChart {
  const fn = "plot.live";
  requireString(fn, "title", options.title);
  requireString(fn, "xTitle", options.xTitle);
  requireString(fn, "yTitle", options.yTitle);
  if (!Array.isArray(options.series) || options.series.length === 0 || options.series.some((s) => typeof s !== "string" || s === "")) {
    fail(fn, "series", "a non-empty array of names", options.series);
  }
  const throttle = options.throttleMs ?? 400;
  if (!(throttle >= 0)) fail(fn, "throttleMs", "a number ≥ 0", throttle);
  const points = options.series.map(() => ({ x: [] as number[], y: [] as number[] }));
  const displayId = nextDisplayId("live");
  let shown = false;
  let finished = false;
  let lastSent = -Infinity;

  const figure = (): Figure =>
    lines({
      title: options.title,
      xTitle: options.xTitle,
      yTitle: options.yTitle,
      logX: options.logX,
      logY: options.logY,
      series: options.series.map((name, k) => ({ name, x: points[k].x, y: points[k].y })),
    });
  const send = (): void => {
    if (!canDisplay()) return;
    sendBundle(figure().toMimeBundle(), { displayId, update: shown });
    shown = true;
    lastSent = now();
  };

  send();
  return {
    push(x, values) {
      if (finished) throw new Error(`${fn}: push after done() on "${options.title}"`);
      if (!Number.isFinite(x)) fail("live.push", "x", "a finite number", x);
      if (!values || typeof values !== "object") fail("live.push", "values", "an object { seriesName: number }", values);
      const entries = Object.keys(values).map((name) => {
        const k = options.series.indexOf(name);
        if (k < 0) fail("live.push", "values", `keyed by the series ${JSON.stringify(options.series)}`, name);
        const v = values[name];
        if (typeof v !== "number" || (options.logY && v <= 0)) fail("live.push", `values.${name}`, options.logY ? "a positive number (log axis)" : "a number", v);
        return [k, v] as const;
      });
      for (const [k, v] of entries) {
        points[k].x.push(x);
        points[k].y.push(v);
      }
      if (now() - lastSent >= throttle) send();
    },
    done() {
      finished = true;
      send();
    },
    figure,
  };
}

export interface Progress {
  tick(n?: number): void;
  done(): void;
  readonly count: number;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A progress bar with elapsed time and an estimate of the time left. */
export function progress(total: number, label: string, options: { throttleMs?: number } = {}): Progress {
  const fn = "plot.progress";
  if (!Number.isInteger(total) || total <= 0) fail(fn, "total", "a positive integer", total);
  requireString(fn, "label", label);
  const throttle = options.throttleMs ?? 250;
  const displayId = nextDisplayId("progress");
  const start = now();
  let count = 0;
  let shown = false;
  let lastSent = -Infinity;

  const bundle = (final: boolean) => {
    const elapsed = now() - start;
    const frac = Math.min(count / total, 1);
    const eta = count > 0 && !final ? ` · about ${formatSeconds((elapsed / count) * (total - count))} left` : "";
    const text = `${label}: ${count}/${total} (${Math.round(frac * 100)}%) · ${formatSeconds(elapsed)}${eta}`;
    const html =
      `<div class="descent-progress" style="font:13px/1.6 monospace;display:flex;gap:10px;align-items:center">` +
      `<span>${escapeHtml(label)}</span>` +
      `<span style="display:inline-block;width:240px;height:10px;background:#e6e6e6;border-radius:5px;overflow:hidden">` +
      `<span style="display:block;height:100%;width:${(frac * 100).toFixed(1)}%;background:${final ? "#009E73" : "#0072B2"}"></span></span>` +
      `<span>${escapeHtml(text.slice(label.length + 2))}</span></div>`;
    return { "text/html": html, "text/plain": text };
  };
  const send = (final: boolean): void => {
    if (!canDisplay()) return;
    sendBundle(bundle(final), { displayId, update: shown });
    shown = true;
    lastSent = now();
  };

  send(false);
  return {
    tick(n = 1) {
      if (!Number.isFinite(n) || n < 0) fail("progress.tick", "n", "a finite number ≥ 0", n);
      count = Math.min(total, count + n);
      if (now() - lastSent >= throttle) send(false);
    },
    done() {
      send(true);
    },
    get count() {
      return count;
    },
  };
}
