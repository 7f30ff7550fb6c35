/**
 * The book's browser check on a generated page (no kernel, a few seconds): figures emitted in an awkward order
 * under require.js, as nbconvert's template loads it, must all render with zero console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plot } from "../src";
import type { DisplayMessage } from "../src/plot";
import type { Browser } from "playwright-core";
import { checkPages, countFigures, describeReport, launchChromium } from "../tools/lib/book-browser";

const REQUIREJS = "/usr/share/javascript/requirejs/require.min.js";
const hasChromium = fs.existsSync("/usr/bin/chromium");
let dir = "";
let browser: Browser | undefined;

/** Outputs of a short session, as a notebook would hold them. */
function session(): DisplayMessage[] {
  const out: DisplayMessage[] = [];
  const undo = plot.captureDisplays((m, update) => {
    const id = m.transient.display_id;
    const k = update && id ? out.findIndex((o) => o.transient.display_id === id) : -1;
    if (k >= 0) out[k] = m;
    else out.push(m);
  });
  try {
    plot.lines({ title: "Loss", xTitle: "step", yTitle: "loss (nats)", logY: true, series: [{ name: "SGD (lr = 0.1)", y: [1, 0.3, 0.1] }] }).show();
    plot.slider({
      title: "Gradient descent on a bowl",
      label: "learning rate ε",
      contour: { f: (x, y) => x * x + 4 * y * y, xRange: [-2, 2], yRange: [-2, 2], resolution: 30 },
      steps: [0.05, 0.2].map((lr) => ({ value: String(lr), paths: [{ name: `GD (ε = ${lr})`, points: [[1.5, 1.5], [1.5 - 3 * lr, 1.5 - 12 * lr]] }] })),
    }).show();
    const live = plot.live({ title: "Live", xTitle: "step", yTitle: "loss", series: ["train"], throttleMs: 0 });
    for (let i = 1; i < 5; i++) live.push(i, { train: 1 / i });
    live.done();
  } finally {
    undo();
  }
  return out;
}

function html(m: DisplayMessage): string {
  return String(m.data["text/html"]);
}

/**
 * A figure output placed BEFORE the loader (as after re-running cells out of order), one inserted the way
 * Notebook 6 does it (scripts run while the output is still detached), and require.js on the page.
 */
function fixturePage(outputs: DisplayMessage[]): string {
  const [loader, first, ...rest] = outputs;
  const detached = JSON.stringify(html(rest[rest.length - 1])).replace(/<\//g, "<\\/");
  return [
    "<!DOCTYPE html><html><head><meta charset='utf-8'>",
    `<script src="file://${REQUIREJS}"></script></head><body style="width:900px">`,
    `<div class="out">${html(first)}</div>`,
    `<div class="out">${html(loader)}</div>`,
    ...rest.slice(0, -1).map((m) => `<div class="out">${html(m)}</div>`),
    `<div id="later"></div><script>`,
    `setTimeout(function () { var box = document.createElement("div"); box.innerHTML = ${detached};`,
    `  box.querySelectorAll("script").forEach(function (s) { (0, eval)(s.text); });`,
    `  setTimeout(function () { document.getElementById("later").appendChild(box); }, 120); }, 50);`,
    "</script></body></html>",
  ].join("\n");
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-browser-"));
  if (hasChromium) browser = await launchChromium();
});
afterAll(async () => {
  if (browser) await browser.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)("browser check", () => {
  it("counts emitted figures in an executed notebook", () => {
    const outputs = session().map((m) => ({ output_type: "display_data", data: m.data }));
    expect(countFigures({ cells: [{ cell_type: "code", outputs }, { cell_type: "markdown" }] })).toBe(3);
  });

  it("renders every figure, whatever the output order, with no console errors; the slider works offline", async () => {
    const page = path.join(dir, "fixture.html");
    fs.writeFileSync(page, fixturePage(session()));
    if (process.env.DESCENT_KEEP_FIXTURE) fs.copyFileSync(page, process.env.DESCENT_KEEP_FIXTURE);
    let moved: number[] = [];
    const [report] = await checkPages([{ file: page, expectedFigures: 3, screenshot: path.join(dir, "fixture.png") }], {
      browser,
      onPage: async (tab) => {
        moved = await tab.evaluate(async () => {
          const P = (window as unknown as { Plotly: { animate(gd: Element, f: string[], o: object): Promise<void> } }).Plotly;
          const gd = document.querySelectorAll(".js-plotly-plot")[1] as Element & { data: { x: number[] }[] };
          const before = gd.data[1].x[1];
          await P.animate(gd, ["step-1"], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } });
          return [before, gd.data[1].x[1]];
        });
      },
    });
    expect(report.ok, describeReport(report)).toBe(true);
    expect(fs.statSync(report.screenshot).size).toBeGreaterThan(10_000);
    expect(moved[0]).toBeCloseTo(1.35, 12);
    expect(moved[1]).toBeCloseTo(0.9, 12);
  });

  it("reports a page whose figures cannot render, and the figure says why instead of staying blank", async () => {
    const page = path.join(dir, "no-plotly.html");
    const figure = session()[1];
    fs.writeFileSync(page, `<!DOCTYPE html><html><body>${html(figure)}</body></html>`);
    let message: string | null = null;
    const [report] = await checkPages([{ file: page, expectedFigures: 1, screenshot: path.join(dir, "no-plotly.png") }], {
      timeoutMs: 2500,
      browser,
      onPage: async (tab) => {
        await tab.waitForFunction(() => (document.querySelector(".descent-figure")?.textContent ?? "").length > 0, undefined, { timeout: 5000 });
        message = await tab.textContent(".descent-figure");
      },
    });
    expect(report.ok).toBe(false);
    expect(report.renderedFigures).toBe(0);
    expect(message).toMatch(/needs plotly\.js/);
  });
});
