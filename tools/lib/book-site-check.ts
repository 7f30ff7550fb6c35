/**
 * The browser edition's acceptance check, run by `npm run build` on build/site/ served from a sub-path:
 * 1. every page renders its text, math and figures cold, with no console error and no off-origin request,
 *    within the time budget of book-site-budget.ts (first screen ≤ 2 s from navigation; scrolled through, each
 *    figure drawn within SCROLL_DRAW_BUDGET_MS of coming into view);
 * 2. Run all on `?backend=wasm` on every page (each exercise's solution put in first, as the kernel ran the
 *    instructor's notebook): every cell succeeds and prints what the kernel printed, wall-clock times aside
 *    (normalizeTimes), except cells whose source says `// site: output differs …` and why;
 * 3. 00-start-here's training on `webgl` and `webgpu`: the backend really used is the one asked for, and the
 *    per-epoch losses agree with wasm's within GPU_LOSS_TOLERANCE;
 * 4. "Download notebook" from a page with the solutions in gives a notebook `npm run grade` scores in full.
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser } from "playwright-core";
import { BROWSER_DIFFERS, checkRender, launchSiteChromium, normalizeTimes, openSitePage, RenderReport, runAllOnPage, RunAllReport, waitFirstScreen } from "./book-site";
import { FIRST_SCREEN_BUDGET_MS, SCROLL_DRAW_BUDGET_MS } from "./book-site-budget";
import { serveStatic } from "./book-site-server";
import type { SiteCodeCell, SiteNotebook } from "../../site/generator/notebook";
import { countFigureOutputs, stdoutOf } from "../../site/generator/outputs";
import { gradeSubmission } from "./classroom-grade";

/**
 * float32 training on a GPU backend against wasm's: same seeds and data, different summation order and
 * fused ops, over 15 epochs of SGD. Per-epoch losses may differ by this much (relative), and no more.
 */
export const GPU_LOSS_TOLERANCE = 0.02;

export interface CellComparison {
  index: number;
  ok: boolean;
  /** null: the cell says its output differs in the browser (exempt from the comparison). */
  matches: boolean | null;
  expected: string;
  got: string;
  error?: string;
}

export interface PageRun {
  name: string;
  backend: string;
  seconds: number;
  cells: CellComparison[];
  consoleErrors: string[];
  offOrigin: string[];
  ok: boolean;
}

export interface GpuRun {
  backend: string;
  used: string;
  seconds: number;
  losses: Record<string, number[]>;
  maxRelativeDifference: number;
  ok: boolean;
  error?: string;
}

/** Text no file of the site may contain: hidden tests, their verdicts, machine paths. */
export function forbiddenTexts(projectRoot: string): { text: string; pagesOnly: boolean }[] {
  return [
    { text: "BEGIN HIDDEN TESTS", pagesOnly: true },
    { text: "{ hidden: true }", pagesOnly: true },
    { text: "hidden cases pass", pagesOnly: true },
    { text: "file:///", pagesOnly: false },
    { text: projectRoot, pagesOnly: false },
  ];
}

/** Scans every text file of the site (pages: all rules; scripts and styles: the machine-path rules). */
export function scanSite(siteDir: string, projectRoot: string): string[] {
  const problems: string[] = [];
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(siteDir)) {
    if (!/\.(html|js|css|json|csv|md)$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const rule of forbiddenTexts(projectRoot)) {
      if (rule.pagesOnly && !file.endsWith(".html")) continue;
      if (text.includes(rule.text)) problems.push(`${path.relative(siteDir, file)} contains ${JSON.stringify(rule.text)}`);
    }
  }
  return problems;
}

export interface SiteCheckReport {
  scan: string[];
  render: RenderReport[];
  runs: PageRun[];
  gpu: GpuRun[];
  grade?: { notebook: string; total: number; maxTotal: number; ok: boolean; error?: string };
  ok: boolean;
}

export interface SiteCheckOptions {
  siteDir: string;
  notebooks: SiteNotebook[];
  screenshotsDir: string;
  /** docs/site.png: a page after Run all. */
  docsScreenshot?: string;
  runAll?: boolean;
  gpu?: boolean;
  grade?: boolean;
  gradeDir?: string;
  log?: (line: string) => void;
}

const codeCells = (nb: SiteNotebook) => nb.cells.filter((c): c is SiteCodeCell => c.kind === "code");

function instructorSource(cell: SiteCodeCell): string {
  return cell.solution ?? cell.source;
}

export function compareRun(nb: SiteNotebook, run: RunAllReport): PageRun {
  const cells = codeCells(nb).map((cell, k): CellComparison => {
    const result = run.results[k] ?? { ok: false, text: "", error: "no result" };
    const expected = normalizeTimes(stdoutOf(cell.outputs));
    const got = normalizeTimes(result.text);
    const exempt = BROWSER_DIFFERS.test(instructorSource(cell));
    return { index: k, ok: result.ok, matches: exempt ? null : expected === got, expected, got, error: result.error };
  });
  return {
    name: nb.name,
    backend: run.backend,
    seconds: run.seconds,
    cells,
    consoleErrors: run.consoleErrors,
    offOrigin: run.offOrigin,
    ok: run.backend === run.askedBackend && cells.every((c) => c.ok && c.matches !== false) && run.consoleErrors.length === 0 && run.offOrigin.length === 0,
  };
}

/** The numeric series of a training history whose names end in "Loss" (trainLoss, testLoss, …). */
function lossSeries(history: Record<string, unknown>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(history)) if (/loss$/i.test(k) && Array.isArray(v) && v.every((x) => typeof x === "number")) out[k] = v as number[];
  return out;
}

/** Runs 00-start-here on `backend` and reads the training history the page's runtime still holds. */
async function trainOn(browser: Browser, siteUrl: string, nb: SiteNotebook, backend: string): Promise<{ run: RunAllReport; losses: Record<string, number[]> }> {
  const cells = codeCells(nb);
  const probe = cells[cells.length - 1].index;
  let losses: Record<string, number[]> = {};
  const run = await runAllOnPage(browser, siteUrl, nb.name, backend, {
    after: async (page) => {
      // Top-level bindings persist across cells: a probe cell can read the history the training cell made.
      await page.evaluate((k) => window.descent.setSource(k, "console.log(JSON.stringify(history))"), probe);
      const failed = await page.evaluate(() => Array.from(document.querySelectorAll("section.cell.code pre.output.error")).map((e) => (e.textContent ?? "").split("\n")[0]));
      if (failed.length) throw new Error(`a cell failed on ${backend} (${failed.join(" | ")}); the runtime then used ${await page.evaluate(() => window.descent.backend())}`);
      const r = await page.evaluate((k) => window.descent.run(k), probe);
      if (!r.ok) throw new Error(`reading the training history failed: ${r.error}`);
      losses = lossSeries(JSON.parse(r.text) as Record<string, unknown>);
    },
  });
  return { run, losses };
}

function maxRelativeDifference(a: Record<string, number[]>, b: Record<string, number[]>): number {
  let worst = 0;
  const keys = Object.keys(b);
  if (keys.length === 0) return Infinity;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (!x || x.length !== y.length) return Infinity;
    y.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(x[i] - v) / Math.max(Math.abs(v), 1e-12));
    });
  }
  return worst;
}

async function downloadWithSolutions(browser: Browser, siteUrl: string, name: string, file: string): Promise<void> {
  const opened = await openSitePage(browser, `${siteUrl}${encodeURI(name)}.html`);
  try {
    await waitFirstScreen(opened.page);
    await opened.page.evaluate(() => {
      document.querySelectorAll<HTMLElement>("section.cell.code").forEach((s) => {
        const solution = s.querySelector(".solution pre");
        if (solution) window.descent.setSource(Number(s.dataset.index), solution.textContent ?? "");
      });
    });
    const [download] = await Promise.all([opened.page.waitForEvent("download"), opened.page.click('[data-action="download"]')]);
    await download.saveAs(file);
  } finally {
    await opened.close();
  }
}

export async function checkSite(options: SiteCheckOptions): Promise<SiteCheckReport> {
  const log = options.log ?? ((s: string) => console.log(s));
  const server = await serveStatic(options.siteDir, "descent/book/");
  const browser = await launchSiteChromium();
  const report: SiteCheckReport = { scan: scanSite(options.siteDir, path.resolve(__dirname, "..", "..")), render: [], runs: [], gpu: [], ok: false };
  log(report.scan.length ? `FAIL files: ${report.scan.join("; ")}` : "ok   files: no hidden test, no machine path, no file: URL in build/site/");
  fs.mkdirSync(options.screenshotsDir, { recursive: true });
  try {
    for (const nb of options.notebooks) {
      const figures = codeCells(nb).reduce((n, c) => n + countFigureOutputs(c.outputs), 0);
      const r = await checkRender(browser, server.url, nb.name, figures, path.join(options.screenshotsDir, `${nb.name}.png`));
      report.render.push(r);
      log(`${r.ok ? "ok  " : "FAIL"} render ${nb.name}: ${r.figuresRendered}/${r.figuresExpected} figures, ${r.mathElements} math, ` +
        `first screen ${Math.round(r.firstScreenMs)} ms (budget ${FIRST_SCREEN_BUDGET_MS}), scrolled through ${r.scroll.steps} screens: ` +
        `each figure drawn ≤ ${Math.round(r.worstScrollMs)} ms after coming into view (budget ${SCROLL_DRAW_BUDGET_MS}), ` +
        `layout shift ${r.scroll.layoutShift.toFixed(2)}, longest task ${Math.round(r.scroll.longestTaskMs)} ms` +
        (r.budget.length ? `; over budget: ${r.budget.slice(0, 3).join(" | ")}` : "") +
        (r.consoleErrors.length ? `; console errors: ${r.consoleErrors.slice(0, 3).join(" | ")}` : "") +
        (r.offOrigin.length ? `; off-origin requests: ${r.offOrigin.slice(0, 3).join(" ")}` : "") +
        (r.rawTex.length ? `; untypeset TeX: ${r.rawTex.slice(0, 2).join(" | ")}` : ""));
    }
    if (options.runAll !== false) {
      for (const nb of options.notebooks) {
        const shot = options.docsScreenshot && nb === options.notebooks[0] ? options.docsScreenshot : undefined;
        const run = compareRun(nb, await runAllOnPage(browser, server.url, nb.name, "wasm", { useSolutions: true, screenshot: shot }));
        report.runs.push(run);
        const matched = run.cells.filter((c) => c.matches === true).length;
        const exempt = run.cells.filter((c) => c.matches === null).length;
        log(`${run.ok ? "ok  " : "FAIL"} run all ${nb.name} on ${run.backend}: ${run.seconds.toFixed(1)} s, ${matched}/${run.cells.length} cells print what the kernel printed` +
          (exempt ? ` (${exempt} marked 'site: output differs')` : ""));
        for (const c of run.cells.filter((x) => !x.ok || x.matches === false).slice(0, 5)) {
          log(`       cell ${c.index}: ${c.ok ? "stdout differs" : `failed: ${c.error}`}` +
            (c.ok ? `\n         kernel:  ${JSON.stringify(c.expected).slice(0, 300)}\n         browser: ${JSON.stringify(c.got).slice(0, 300)}` : ""));
        }
      }
    }
    const start = options.notebooks.find((nb) => nb.name === "00-start-here");
    if (options.gpu !== false && start) {
      const reference = await trainOn(browser, server.url, start, "wasm");
      for (const backend of ["webgl", "webgpu"]) {
        try {
          const { run, losses } = await trainOn(browser, server.url, start, backend);
          const diff = maxRelativeDifference(losses, reference.losses);
          const ok = run.backend === backend && run.results.every((r) => r.ok) && diff <= GPU_LOSS_TOLERANCE;
          report.gpu.push({ backend, used: run.backend, seconds: run.seconds, losses, maxRelativeDifference: diff, ok });
          log(`${ok ? "ok  " : "FAIL"} ${start.name} on ${backend}: backend used ${run.backend}, ${run.seconds.toFixed(1)} s, ` +
            `losses within ${(diff * 100).toFixed(3)} % of wasm's (tolerance ${GPU_LOSS_TOLERANCE * 100} %)`);
        } catch (e) {
          report.gpu.push({ backend, used: "", seconds: 0, losses: {}, maxRelativeDifference: Infinity, ok: false, error: (e as Error).message });
          log(`FAIL ${start.name} on ${backend}: ${(e as Error).message}`);
        }
      }
    }
    const exercise = options.notebooks.find((nb) => codeCells(nb).some((c) => c.solution !== undefined));
    if (options.grade !== false && exercise) {
      const dir = options.gradeDir ?? path.join(options.screenshotsDir, "..", "site-grade");
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${exercise.name}.ipynb`);
      try {
        await downloadWithSolutions(browser, server.url, exercise.name, file);
        const g = await gradeSubmission(file, { outDir: dir });
        report.grade = { notebook: exercise.name, total: g.total, maxTotal: g.maxTotal, ok: g.total === g.maxTotal && g.maxTotal > 0 && !g.runnerError };
        log(`${report.grade.ok ? "ok  " : "FAIL"} downloaded ${exercise.name}.ipynb graded ${g.total}/${g.maxTotal}${g.runnerError ? ` (${g.runnerError})` : ""}`);
      } catch (e) {
        report.grade = { notebook: exercise.name, total: 0, maxTotal: 0, ok: false, error: (e as Error).message };
        log(`FAIL grading the downloaded ${exercise.name}.ipynb: ${(e as Error).message}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  report.ok = report.scan.length === 0 && report.render.every((r) => r.ok) && report.runs.every((r) => r.ok) && report.gpu.every((g) => g.ok) && (report.grade?.ok ?? true);
  return report;
}
