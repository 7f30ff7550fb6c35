/**
 * Headless-Chromium checks of build/site/ served from a sub-path (book-site-server.ts): each page renders
 * its text, typeset math and every build-time figure with zero console errors and zero requests leaving the
 * origin, within the time budget (book-site-budget.ts); Run all through the page API (`window.descent`) on a
 * chosen tfjs backend. Used by `npm run build` (every page) and by tests/site-*.test.ts.
 */
import { chromium, Browser, BrowserContext, Page } from "playwright-core";
import { CHROMIUM } from "./book-browser";
import { budgetProblems, PAGE_PROBE, FirstScreen, scrollThrough, ScrollWalk, waitFirstScreen } from "./book-site-budget";
import type { CellResult } from "../../site/page/main";

export type { CellResult };
export { waitFirstScreen };

/** Chromium with WebGL2 and WebGPU through SwiftShader (shared/STACK.md), headless. */
export const SITE_FLAGS = [
  "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  "--headless=new", "--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
];

export function launchSiteChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: SITE_FLAGS });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  /** Requests to anything but the site's origin (aborted). */
  offOrigin: string[];
  close(): Promise<void>;
}

/** A fresh context (empty cache and storage unless `context` is given), with console and request watch. */
export async function openSitePage(browser: Browser, url: string, options: { context?: BrowserContext; width?: number } = {}): Promise<OpenedPage> {
  const origin = new URL(url).origin;
  const own = !options.context;
  const context = options.context ?? (await browser.newContext({ viewport: { width: options.width ?? 1100, height: 900 }, acceptDownloads: true }));
  const offOrigin: string[] = [];
  if (own) {
    await context.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith(origin + "/") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
      offOrigin.push(u);
      return route.abort();
    });
  }
  const page = await context.newPage();
  // tsx compiles with esbuild's keepNames, which wraps the named helpers inside functions given to
  // page.evaluate in __name(…); in the page that must exist. PAGE_PROBE times what the reader sees.
  await page.addInitScript(`window.__name = (f) => f;\n${PAGE_PROBE}`);
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.goto(url, { waitUntil: "load" });
  return { page, context, consoleErrors, offOrigin, close: async () => (own ? context.close() : page.close()) };
}

export interface RenderReport {
  name: string;
  /** From navigation start to the first frame showing the first screen complete: text, math and its figures drawn. */
  firstScreenMs: number;
  /** Scrolled into view → drawn, worst figure of the page (0: every figure was drawn before it came into view). */
  worstScrollMs: number;
  firstScreen: FirstScreen;
  scroll: ScrollWalk;
  /** Where the page misses its time budget (book-site-budget.ts). */
  budget: string[];
  figuresExpected: number;
  figuresRendered: number;
  mathElements: number;
  /** Text outside code that still looks like TeX (`$…$`, `\frac`): math that was not typeset. */
  rawTex: string[];
  fontsOk: boolean;
  consoleErrors: string[];
  offOrigin: string[];
  ok: boolean;
}

/**
 * Opens one page cold and checks what it shows before anything runs: the first screen within budget, then
 * every figure drawn in time as the page is scrolled through (the screenshot is taken after that).
 */
export async function checkRender(browser: Browser, siteUrl: string, name: string, figuresExpected: number, screenshot?: string): Promise<RenderReport> {
  const opened = await openSitePage(browser, `${siteUrl}${encodeURI(name)}.html`);
  try {
    const firstScreen = await waitFirstScreen(opened.page);
    const scroll = await scrollThrough(opened.page, firstScreen);
    const seen = await opened.page.evaluate(async () => {
      await document.fonts.ready;
      const figures = Array.from(document.querySelectorAll(".output.figure .plot")).filter((p) => p.querySelector("svg.main-svg")).length;
      const walker = document.createTreeWalker(document.querySelector("main") ?? document.body, NodeFilter.SHOW_TEXT);
      const raw: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (el.closest("pre, code, .katex, script, .cm-editor")) continue;
        const t = n.textContent ?? "";
        if (/\$[^$\s][^$]*\$|\\(frac|sum|theta|epsilon|nabla|mathbb)\b/.test(t)) raw.push(t.trim().slice(0, 80));
      }
      const math = document.querySelectorAll(".katex").length;
      const fontsOk = math === 0 || document.fonts.check("16px KaTeX_Main");
      return { figures, raw, math, fontsOk };
    });
    if (screenshot) await opened.page.screenshot({ path: screenshot, fullPage: true });
    const report: RenderReport = {
      name,
      firstScreenMs: firstScreen.ms,
      worstScrollMs: scroll.worstMs,
      firstScreen,
      scroll,
      budget: budgetProblems(firstScreen, scroll),
      figuresExpected,
      figuresRendered: seen.figures,
      mathElements: seen.math,
      rawTex: seen.raw,
      fontsOk: seen.fontsOk,
      consoleErrors: opened.consoleErrors,
      offOrigin: opened.offOrigin,
      ok: false,
    };
    report.ok = report.figuresRendered === figuresExpected && report.budget.length === 0 && report.rawTex.length === 0 && report.fontsOk &&
      report.consoleErrors.length === 0 && report.offOrigin.length === 0;
    return report;
  } finally {
    await opened.close();
  }
}

export interface RunAllReport {
  name: string;
  backend: string;
  askedBackend: string;
  seconds: number;
  results: CellResult[];
  consoleErrors: string[];
  offOrigin: string[];
}

/**
 * Opens `<name>.html?backend=<backend>`, optionally puts each exercise's solution into its cell (the site shows
 * the student's stub; the kernel ran the instructor's notebook), then `await descent.runAll()`.
 */
export async function runAllOnPage(browser: Browser, siteUrl: string, name: string, backend: string,
  options: { useSolutions?: boolean; timeoutMs?: number; screenshot?: string; before?: (page: Page) => Promise<void>; after?: (page: Page) => Promise<void> } = {}): Promise<RunAllReport> {
  const opened = await openSitePage(browser, `${siteUrl}${encodeURI(name)}.html?backend=${backend}`);
  try {
    await waitFirstScreen(opened.page);
    if (options.useSolutions) {
      await opened.page.evaluate(() => {
        document.querySelectorAll<HTMLElement>("section.cell.code").forEach((s) => {
          const solution = s.querySelector(".solution pre");
          if (solution) window.descent.setSource(Number(s.dataset.index), solution.textContent ?? "");
        });
      });
    }
    if (options.before) await options.before(opened.page);
    const started = Date.now();
    opened.page.setDefaultTimeout(options.timeoutMs ?? 600_000);
    const results = await opened.page.evaluate(() => window.descent.runAll());
    const seconds = (Date.now() - started) / 1000;
    const used = await opened.page.evaluate(() => window.descent.backend());
    if (options.screenshot) {
      await opened.page.evaluate(() => window.scrollTo(0, 0));
      await opened.page.screenshot({ path: options.screenshot, fullPage: false });
    }
    if (options.after) await options.after(opened.page);
    return { name, backend: used, askedBackend: backend, seconds, results, consoleErrors: opened.consoleErrors, offOrigin: opened.offOrigin };
  } finally {
    await opened.close();
  }
}

/**
 * Wall-clock times in printed text, replaced before comparing a page's stdout with the kernel's:
 * a number followed by a time unit ("1.1 s", "250 ms", "2 min 3 s", "0.8 s/epoch"), with the spaces that pad
 * it into a column (a shorter time is padded more).
 */
export const WALL_CLOCK = / *\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\s?(?:ms|s|sec|seconds?|min|minutes?)\b/g;

export function normalizeTimes(text: string): string {
  return text.replace(WALL_CLOCK, " <time>");
}

/** Cells whose source says their output cannot match the kernel's in the browser (and why). */
export const BROWSER_DIFFERS = /\/\/\s*site: output differs\b.*$/m;
