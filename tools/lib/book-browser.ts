/**
 * Headless-Chromium check of exported pages: every Plotly figure the notebook emitted is rendered
 * (a `.js-plotly-plot` holding an SVG), no console errors, and a full-page PNG screenshot per page.
 * Used by `npm run build` and by tests/browser.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { chromium, Browser, Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface PageToCheck {
  /** The exported .html file. */
  file: string;
  /** Figures the notebook emitted (see countFigures). */
  expectedFigures: number;
  /** Where to save the PNG screenshot. */
  screenshot: string;
}

export interface PageReport {
  file: string;
  expectedFigures: number;
  renderedFigures: number;
  consoleErrors: string[];
  screenshot: string;
  durationMs: number;
  ok: boolean;
}

interface NotebookJson {
  cells: { cell_type: string; outputs?: { data?: Record<string, unknown> }[] }[];
}

/** Outputs carrying a Plotly figure in an executed notebook: what the browser must render. */
export function countFigures(notebook: NotebookJson | string): number {
  const nb: NotebookJson = typeof notebook === "string" ? JSON.parse(fs.readFileSync(notebook, "utf8")) : notebook;
  let n = 0;
  for (const cell of nb.cells) for (const out of cell.outputs ?? []) if (out.data && PLOTLY_MIME in out.data) n++;
  return n;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`book-browser: ${CHROMIUM} not found (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Opens each page from disk and reports figures rendered against figures expected. */
export async function checkPages(
  pages: PageToCheck[],
  options: { timeoutMs?: number; width?: number; browser?: Browser; onPage?: (page: Page, checked: PageToCheck) => Promise<void> } = {},
): Promise<PageReport[]> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const browser = options.browser ?? (await launchChromium());
  const reports: PageReport[] = [];
  try {
    for (const p of pages) {
      const start = Date.now();
      const context = await browser.newContext({ viewport: { width: options.width ?? 1100, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      await page.goto("file://" + path.resolve(p.file), { waitUntil: "load", timeout: timeoutMs });
      const rendered = () => page.evaluate(() => {
        let n = 0;
        document.querySelectorAll(".js-plotly-plot").forEach((el) => {
          if (el.querySelector("svg.main-svg")) n++;
        });
        return n;
      });
      const deadline = Date.now() + timeoutMs;
      let count = await rendered();
      while (count < p.expectedFigures && Date.now() < deadline) {
        await page.waitForTimeout(100);
        count = await rendered();
      }
      // MathJax shows a "Loading …" box while it typesets; wait for it so the screenshot is clean.
      await page
        .waitForFunction(() => {
          const m = document.getElementById("MathJax_Message");
          return !m || getComputedStyle(m).display === "none" || m.textContent === "";
        }, undefined, { timeout: 5000 })
        .catch(() => undefined);
      // Give late scripts a moment to add figures or errors beyond the expected ones.
      await page.waitForTimeout(300);
      count = await rendered();
      fs.mkdirSync(path.dirname(p.screenshot), { recursive: true });
      await page.screenshot({ path: p.screenshot, fullPage: true });
      if (options.onPage) await options.onPage(page, p);
      await context.close();
      reports.push({
        file: p.file,
        expectedFigures: p.expectedFigures,
        renderedFigures: count,
        consoleErrors: errors,
        screenshot: p.screenshot,
        durationMs: Date.now() - start,
        ok: count === p.expectedFigures && errors.length === 0,
      });
    }
  } finally {
    if (!options.browser) await browser.close();
  }
  return reports;
}

/** One line per page, for logs and assertion messages. */
export function describeReport(r: PageReport): string {
  const errs = r.consoleErrors.length ? `; console errors: ${r.consoleErrors.slice(0, 3).join(" | ")}` : "";
  return `${r.ok ? "ok  " : "FAIL"} ${path.basename(r.file)}: ${r.renderedFigures}/${r.expectedFigures} figures rendered${errs} (${r.durationMs} ms)`;
}
