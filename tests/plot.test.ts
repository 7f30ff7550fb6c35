import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plot } from "../src"; // the Node entry: figures inline plotly.js from the Node platform
import type { DisplayMessage } from "../src/plot";
import { canDisplay } from "../src/plot/output";

const MIME = "application/vnd.plotly.v1+json";
type Sent = { message: DisplayMessage; update: boolean };
let sent: Sent[] = [];
let restore: () => void = () => undefined;

beforeEach(() => {
  sent = [];
  restore = plot.captureDisplays((message, update) => sent.push({ message, update }));
});
afterEach(() => restore());

const loss = (name: string, y: number[]) => ({ name, y });
const simple = () => plot.lines({ title: "Loss", xTitle: "step", yTitle: "loss (nats)", logY: true, series: [loss("SGD (lr = 0.1)", [1, 0.5, 0.25])] });

describe("figure output", () => {
  it("is one output with Plotly JSON, HTML and a one-line text", () => {
    simple().show();
    const figures = sent.filter((s) => MIME in s.message.data);
    expect(figures).toHaveLength(1);
    const data = figures[0].message.data;
    expect(Object.keys(data).sort()).toEqual([MIME, "text/html", "text/plain"]);
    expect(data["text/plain"]).not.toMatch(/\n/);
    expect(data["text/plain"]).toMatch(/Loss.*SGD \(lr = 0\.1\)/);
    const spec = data[MIME] as { data: { x: unknown; y: unknown }[]; layout: { yaxis: { type: string } } };
    expect(spec.data[0].y).toEqual([1, 0.5, 0.25]);
    expect(spec.data[0].x).toEqual([0, 1, 2]);
    expect(spec.layout.yaxis.type).toBe("log");
  });

  it("inlines plotly.js once per session, in its own output before the first figure", () => {
    simple().show();
    simple().show();
    plot.heatmap({ title: "H", z: [[1, 2], [3, 4]], xTitle: "j", yTitle: "i", zTitle: "value" }).show();
    const loaders = sent.filter((s) => String(s.message.data["text/html"]).includes("plotly.js v"));
    expect(loaders).toHaveLength(1);
    expect(sent[0]).toBe(loaders[0]);
    expect(MIME in loaders[0].message.data).toBe(false);
    // Figures reference, never re-inline, plotly.js.
    for (const s of sent.slice(1)) expect(String(s.message.data["text/html"]).length).toBeLessThan(100_000);
  });

  it("numbers elements from a counter, so a re-run produces identical output", () => {
    const run = () => {
      const out: string[] = [];
      const undo = plot.captureDisplays((m) => out.push(String(m.data["text/html"])));
      simple().show();
      plot.bar({ title: "B", categories: ["a", "b"], series: [{ name: "s", values: [1, 2] }], xTitle: "c", yTitle: "v" }).show();
      undo();
      return out;
    };
    const a = run();
    const b = run();
    expect(a).toEqual(b);
    expect(a[1]).toContain('id="descent-fig-1"');
    expect(a[2]).toContain('id="descent-fig-2"');
  });

  it("keeps user text from closing the script element", () => {
    const fig = plot.lines({ title: "</script><b>x</b>", xTitle: "a", yTitle: "b", series: [loss("<!-- y", [1, 2])] });
    const html = String(fig.toMimeBundle()["text/html"]);
    expect(html.match(/<script/g)!.length).toBe(html.match(/<\/script>/g)!.length);
    expect(html).not.toContain("<!--");
    const json = html.match(/fig = (\{.*\}), tries/)![1];
    expect(JSON.parse(json).layout.title.text).toBe("</script><b>x</b>");
  });

  it("sends nothing and throws nothing outside a kernel", () => {
    restore();
    restore = () => undefined;
    expect(canDisplay()).toBe(false);
    expect(() => simple().show()).not.toThrow();
    const live = plot.live({ title: "t", xTitle: "x", yTitle: "y", series: ["a"] });
    live.push(1, { a: 2 });
    live.done();
    expect(live.figure().data[0].y).toEqual([2]);
  });
});

describe("builders", () => {
  it("contour evaluates f on an evenly spaced grid, z[i][j] = f(x[j], y[i])", () => {
    const f = (x: number, y: number) => x * x + 10 * y;
    const fig = plot.contour({ title: "Q", f, xRange: [-1, 1], yRange: [0, 2], resolution: 5 });
    const t = fig.data[0] as { x: number[]; y: number[]; z: number[][] };
    expect(t.x).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(t.y).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(t.z[3][1]).toBeCloseTo(0.25 + 15, 12);
  });

  it("contour logZ shades log10(1 + f - min), which is 0 at the grid minimum", () => {
    const fig = plot.contour({ title: "R", f: (x, y) => 5 + (x - 1) ** 2 + y * y, xRange: [-1, 1], yRange: [-1, 1], resolution: 5, logZ: true });
    const z = (fig.data[0] as { z: number[][] }).z;
    expect(z[2][4]).toBe(0); // f = 5 at (1, 0), the minimum
    expect(z[0][0]).toBeCloseTo(Math.log10(1 + 4 + 1), 12);
  });

  it("trajectories keep every iterate, turn divergence into gaps and mark start and end", () => {
    const points = [new Float64Array([0, 1]), new Float64Array([0.5, 0.5]), new Float64Array([Infinity, 2])];
    const fig = plot.contour({ title: "P", f: (x, y) => x + y, xRange: [0, 1], yRange: [0, 1], resolution: 5, paths: [{ name: "GD (ε = 0.1)", points }] });
    const p = fig.data[1] as { x: (number | null)[]; y: number[]; name: string; marker: { symbol: string[] } };
    expect(p.x).toEqual([0, 0.5, null]);
    expect(p.y).toEqual([1, 0.5, 2]);
    expect(p.marker.symbol[0]).toBe("circle");
    expect(p.marker.symbol[2]).toBe("x");
    expect(JSON.parse(JSON.stringify(fig.toJSON())).data[1].x).toEqual([0, 0.5, null]);
  });

  it("slider frames replace only the curves and every step names an existing frame", () => {
    const fig = plot.slider({
      title: "lr sweep",
      label: "learning rate ε",
      contour: { f: (x, y) => x * x + y * y, xRange: [-1, 1], yRange: [-1, 1], resolution: 5, marks: [{ name: "minimum", x: 0, y: 0 }] },
      steps: [0.1, 0.5].map((lr) => ({ value: String(lr), paths: [{ name: "GD", points: [[1, 1], [1 - 2 * lr, 1 - 2 * lr]] }] })),
      initial: 1,
    });
    const spec = fig.toJSON();
    expect(spec.data.map((t) => t.type)).toEqual(["contour", "scatter", "scatter"]);
    expect((spec.data[1] as { x: number[] }).x).toEqual([1, 0]);
    expect(spec.frames!.map((f) => f.traces)).toEqual([[1], [1]]);
    const steps = (spec.layout.sliders as { steps: { args: [string[]] }[] }[])[0].steps;
    const names = new Set(spec.frames!.map((f) => f.name));
    for (const s of steps) expect(names.has(s.args[0][0])).toBe(true);
    expect((spec.frames![0].data[0] as { x: number[] }).x[1]).toBeCloseTo(0.8, 12);
  });

  it("line sliders fix the axes to cover every step", () => {
    const fig = plot.slider({
      title: "s",
      label: "k",
      xTitle: "step",
      yTitle: "loss",
      logY: true,
      steps: [{ value: "1", series: [loss("a", [1, 0.1])] }, { value: "2", series: [loss("a", [100, 0.001])] }],
    });
    const r = (fig.layout.yaxis as { range: number[] }).range;
    expect(r[0]).toBeLessThan(-3);
    expect(r[1]).toBeGreaterThan(2);
  });

  it("rejects bad input with the function, parameter and value", () => {
    expect(() => plot.lines({ title: "t", xTitle: "x", yTitle: "y", series: [] })).toThrow(/^plot\.lines: parameter 'series' must be a non-empty array/);
    expect(() => plot.lines({ title: "t", xTitle: "x", yTitle: "y", logY: true, series: [loss("a", [1, 0])] })).toThrow(
      "plot.lines: parameter 'series'[0].y must be positive on a log axis, got 0",
    );
    expect(() => plot.lines({ title: "t", xTitle: "x", yTitle: "y", series: [{ name: "a", y: [1, 2], x: [1] }] })).toThrow(/'series'\[0\]\.x must be the same length/);
    expect(() => plot.contour({ title: "t", f: () => NaN, xRange: [0, 1], yRange: [0, 1] })).toThrow(/plot\.contour: parameter 'f' must be finite/);
    expect(() => plot.contour({ title: "t", f: () => 1, xRange: [1, 0], yRange: [0, 1] })).toThrow(/'xRange' must be \[lo, hi\]/);
    expect(() => plot.heatmap({ title: "t", z: [[1, 2], [3]], xTitle: "x", yTitle: "y", zTitle: "z" })).toThrow(/'z'\[1\] must be a row of length 2/);
    expect(() => plot.progress(0, "x")).toThrow("plot.progress: parameter 'total' must be a positive integer, got 0");
  });
});

describe("live outputs", () => {
  it("update one output in place and end with every point", () => {
    const chart = plot.live({ title: "Training", xTitle: "epoch", yTitle: "loss", series: ["train", "test"], throttleMs: 0 });
    for (let e = 1; e <= 3; e++) chart.push(e, { train: 1 / e, test: 2 / e });
    chart.push(4, { train: 0.2 });
    chart.done();
    const final = chart.figure();
    const live = sent.filter((s) => MIME in s.message.data);
    const ids = new Set(live.map((s) => s.message.transient.display_id));
    expect(ids.size).toBe(1);
    expect(live.map((s) => s.update)).toEqual([false, true, true, true, true, true]);
    const last = live[live.length - 1].message.data[MIME] as { data: { x: number[]; y: number[] }[] };
    expect(last.data[0].x).toEqual([1, 2, 3, 4]);
    expect(last.data[1].y).toEqual([2, 1, 2 / 3]);
    expect(final.data[0].y).toEqual([1, 0.5, 1 / 3, 0.2]);
    expect(() => chart.push(5, { train: 1 })).toThrow(/push after done/);
  });

  it("throttle updates of a fast loop", () => {
    const chart = plot.live({ title: "T", xTitle: "step", yTitle: "loss", series: ["loss"], throttleMs: 60_000 });
    for (let i = 0; i < 1000; i++) chart.push(i, { loss: 1 });
    chart.done();
    expect(sent.filter((s) => MIME in s.message.data)).toHaveLength(2); // the first frame and the final one
    expect(() => chart.figure()).not.toThrow();
  });

  it("reject values for unknown series", () => {
    const chart = plot.live({ title: "T", xTitle: "step", yTitle: "loss", series: ["loss"] });
    expect(() => chart.push(0, { acc: 1 })).toThrow(/live\.push: parameter 'values' must be keyed by the series \["loss"\], got "acc"/);
  });

  it("progress counts to the total in one output", () => {
    const p = plot.progress(4, "epochs", { throttleMs: 0 });
    p.tick();
    p.tick(5);
    p.done();
    expect(p.count).toBe(4);
    expect(new Set(sent.map((s) => s.message.transient.display_id)).size).toBe(1);
    expect(String(sent[sent.length - 1].message.data["text/plain"])).toMatch(/^epochs: 4\/4 \(100%\)/);
  });
});
