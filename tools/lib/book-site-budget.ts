/**
 * The browser edition's time budget (issue #16), measured in headless Chromium on a page opened cold:
 * - first screen: from navigation to the first frame after the page's "descent-first-screen" mark (text, typeset
 *   math with its fonts, and every figure in the first viewport drawn) ≤ FIRST_SCREEN_BUDGET_MS, and the
 *   figures in that viewport really are drawn in that frame;
 * - scrolling: a reader who starts as soon as the first screen shows scrolls down one step (STEP_FRACTION of
 *   the viewport) every READER_PACE_MS, whether or not the page keeps up, like compositor scrolling does; every
 *   figure must be drawn ≤ SCROLL_DRAW_BUDGET_MS after the step that brought it into view, keep the height its
 *   placeholder reserved, and at the end every figure is drawn;
 * - stability: the page's cumulative layout shift over the whole walk ≤ LAYOUT_SHIFT_BUDGET.
 * The times a figure is drawn are recorded in the page (PAGE_PROBE) when plotly.js inserts its SVG, so a main
 * thread busy elsewhere (drawing figures nobody looks at, as the eager page did for 10 s) counts against it.
 * Used by checkRender (book-site.ts): `npm run build` on every page, tests/site-page.test.ts on a fixture.
 */
import type { Page } from "playwright-core";

/** Navigation → first screen shown complete. */
export const FIRST_SCREEN_BUDGET_MS = 2000;
/**
 * Scrolled into view → drawn. Measured on this machine (2 cores shared with other jobs, load 1.2–3.7), 3 runs
 * of every page: 0 ms everywhere with the lazy page (it draws three screens ahead); the eager page up to 1.0 s
 * (8.7's first figure, behind 6–8 s of drawing in one task). Lazy drawing with less lead measured 0.5–1.6 s on
 * 8.7, whose 3-D surfaces take 0.5–2 s each to draw in software WebGL.
 */
export const SCROLL_DRAW_BUDGET_MS = 1000;
/**
 * Cumulative layout shift, navigation to the end of the walk (web.dev's "good" is ≤ 0.1). Measured here: 0.14–0.69
 * per page while KaTeX's fonts arrived after the first paint and the exercise count was written in by script;
 * ≤ 0.04 with the two main math fonts preloaded and the count in the HTML.
 */
export const LAYOUT_SHIFT_BUDGET = 0.1;
/** The simulated reader's pace: one step down every so often (a fast skim: about 1.2 screens a second). */
export const READER_PACE_MS = 700;
/** Each step, as a fraction of the viewport's height (a little overlap, as Page Down does). */
const STEP_FRACTION = 0.85;
/** After the last step, how long the figures still undrawn may take before the walk gives up on them. */
const SETTLE_TIMEOUT_MS = 15_000;

export interface FigureTiming {
  /** The figure's place among the page's figures (0 = first). */
  index: number;
  title: string;
  /** Scroll step that brought it into view (0: on the first screen, timed by waitFirstScreen instead). */
  step: number;
  /** That step → drawn (0: drawn before it came into view, or on the first screen); null: never drawn. */
  drawnAfterMs: number | null;
  /** Height of the figure's box before it was drawn (null: drawn before the walk began) and after. */
  heightBefore: number | null;
  heightAfter: number;
  /** How long plotly.js took to draw it (the page's "descent-figure-draw" measures), when known. */
  drawMs: number | null;
}

export interface FirstScreen {
  /** Navigation → the first frame after the page's first-screen mark: when the reader sees it. */
  ms: number;
  /** Navigation → the mark itself (a page that keeps its main thread busy after it shows it only later). */
  markMs: number;
  /** Epoch ms of that frame (when scrollThrough's reader starts). */
  shownAt: number;
  /** Figures inside the first viewport that were not drawn in that frame. */
  undrawn: number[];
}

export interface ScrollWalk {
  steps: number;
  figures: FigureTiming[];
  /** The largest drawnAfterMs (Infinity if some figure was never drawn). */
  worstMs: number;
  /** Chromium's cumulative layout shift from navigation to the end of the walk (0: nothing moved). */
  layoutShift: number;
  /** The longest task on the page's main thread from navigation to the end of the walk (reported, not budgeted). */
  longestTaskMs: number;
  /** body[data-rendered] after the walk: the page says every build-time figure is drawn. */
  pageSaysAllDrawn: boolean;
}

/**
 * Added to every checked page before its own scripts (openSitePage), as plain JS:
 * - when body[data-first-screen] is set, the next animation frame records what the reader then sees;
 * - the moment each figure gets its plotly SVG is kept in window.descentDrawnAt (a MutationObserver's callback
 *   runs right after the DOM change, even inside a long task).
 */
export const PAGE_PROBE = `(() => {
  const firstScreen = new MutationObserver(() => {
    if (!document.body || document.body.dataset.firstScreen !== "true") return;
    firstScreen.disconnect();
    const markMs = performance.getEntriesByName("descent-first-screen")[0]?.startTime ?? NaN;
    requestAnimationFrame(() => {
      const undrawn = [];
      document.querySelectorAll(".output.figure").forEach((f, i) => {
        const r = f.getBoundingClientRect();
        if (r.bottom > 0 && r.top < innerHeight && !f.querySelector(".plot svg.main-svg")) undrawn.push(i);
      });
      const ms = performance.now();
      window.descentFirstScreen = { ms, markMs, shownAt: performance.timeOrigin + ms, undrawn };
    });
  });
  firstScreen.observe(document, { subtree: true, attributes: true, attributeFilter: ["data-first-screen"] });
  const drawnAt = window.descentDrawnAt = new Map();
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeName !== "svg" || !n.classList.contains("main-svg")) continue;
      const figure = n.closest(".output.figure");
      if (figure && !drawnAt.has(figure)) drawnAt.set(figure, Date.now());
    }
  }).observe(document, { subtree: true, childList: true });
})();`;

/** Waits until the page's first screen is shown (PAGE_PROBE) and returns its timing. */
export async function waitFirstScreen(page: Page, timeoutMs = 30_000): Promise<FirstScreen> {
  const handle = await page.waitForFunction(() => (window as unknown as { descentFirstScreen?: FirstScreen }).descentFirstScreen, undefined, { timeout: timeoutMs });
  return (await handle.jsonValue()) as FirstScreen;
}

const sleepUntil = (epochMs: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

/** Scrolls through the page at READER_PACE_MS a step, from the moment its first screen showed; times each figure. */
export async function scrollThrough(page: Page, first: FirstScreen): Promise<ScrollWalk> {
  // Placeholders' heights before anything else is drawn (the page reserves each figure's final height).
  const before = await page.evaluate(() => Array.from(document.querySelectorAll(".output.figure"))
    .map((f) => (f.querySelector(".plot svg.main-svg") ? null : f.getBoundingClientRect().height)));
  const { stepPx, lastStep } = await page.evaluate((fraction) => {
    const stepPx = Math.max(100, Math.floor(window.innerHeight * fraction));
    return { stepPx, lastStep: Math.ceil((document.documentElement.scrollHeight - window.innerHeight) / stepPx) };
  }, STEP_FRACTION);
  for (let k = 1; k <= lastStep; k++) {
    // On schedule, not when the page is ready: a busy page makes the reader wait, not slow down.
    await sleepUntil(first.shownAt + k * READER_PACE_MS);
    await page.evaluate((y) => window.scrollTo(0, y), k * stepPx);
  }
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".output.figure")).every((f) => f.querySelector(".plot svg.main-svg")),
    undefined, { timeout: SETTLE_TIMEOUT_MS }).catch(() => undefined);
  const end = await page.evaluate(async (stepPx) => {
    const figures = Array.from(document.querySelectorAll<HTMLElement>(".output.figure"));
    const drawnAt = (window as unknown as { descentDrawnAt: Map<Element, number> }).descentDrawnAt;
    const maxScroll = document.documentElement.scrollHeight - window.innerHeight;
    return {
      rows: figures.map((f) => {
        const r = f.getBoundingClientRect();
        const top = r.top + window.scrollY;
        // The first step whose viewport [y, y + innerHeight) overlaps the figure (steps stop at the bottom).
        let step = 0;
        while (Math.min(step * stepPx, maxScroll) + window.innerHeight <= top && step * stepPx < maxScroll) step++;
        let title = "";
        try {
          const t = JSON.parse(f.querySelector("script.figure-spec")?.textContent ?? "null")?.layout?.title;
          title = String(typeof t === "string" ? t : t?.text ?? "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 70);
        } catch {
          // a figure made by a run has no spec on the page
        }
        return { step, drawnAt: drawnAt.get(f) ?? null, heightAfter: r.height, title };
      }),
      drawMs: performance.getEntriesByName("descent-figure-draw")
        .map((m) => ({ index: ((m as PerformanceMeasure).detail as { index: number }).index, ms: m.duration })),
      // Since navigation: layout shifts not caused by input, summed as Chromium's cumulative layout shift, and
      // the longest task (while it runs the page answers no input). Buffered entries arrive in a task.
      ...await new Promise<{ layoutShift: number; longestTaskMs: number }>((resolve) => {
        const seen = { layoutShift: 0, longestTaskMs: 0 };
        const shifts = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { hadRecentInput: boolean; value: number }[]) if (!e.hadRecentInput) seen.layoutShift += e.value;
        });
        const tasks = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) seen.longestTaskMs = Math.max(seen.longestTaskMs, e.duration);
        });
        shifts.observe({ type: "layout-shift", buffered: true });
        tasks.observe({ type: "longtask", buffered: true });
        setTimeout(() => {
          shifts.disconnect();
          tasks.disconnect();
          resolve(seen);
        }, 50);
      }),
      pageSaysAllDrawn: document.body.dataset.rendered === "true",
    };
  }, stepPx);
  const figures: FigureTiming[] = end.rows.map((r, index) => ({
    index,
    title: r.title,
    step: r.step,
    drawnAfterMs: r.drawnAt === null ? null : r.step === 0 ? 0 : Math.max(0, r.drawnAt - (first.shownAt + r.step * READER_PACE_MS)),
    heightBefore: before[index] ?? null,
    heightAfter: r.heightAfter,
    drawMs: end.drawMs.find((m) => m.index === index)?.ms ?? null,
  }));
  const worstMs = figures.reduce((w, f) => Math.max(w, f.drawnAfterMs ?? Infinity), 0);
  return { steps: lastStep, figures, worstMs, layoutShift: end.layoutShift, longestTaskMs: end.longestTaskMs, pageSaysAllDrawn: end.pageSaysAllDrawn };
}

/** What breaks the budget, one line each (empty: within budget). */
export function budgetProblems(first: FirstScreen, walk: ScrollWalk): string[] {
  const problems: string[] = [];
  const name = (f: FigureTiming) => `figure ${f.index}${f.title ? ` "${f.title}"` : ""}`;
  if (!(first.ms <= FIRST_SCREEN_BUDGET_MS)) {
    problems.push(`first screen shown after ${Math.round(first.ms)} ms (budget ${FIRST_SCREEN_BUDGET_MS} ms; the page said complete after ${Math.round(first.markMs)} ms)`);
  }
  if (first.undrawn.length) problems.push(`figure(s) ${first.undrawn.join(", ")} in the first viewport not drawn when the page said its first screen was complete`);
  for (const f of walk.figures) {
    if (f.drawnAfterMs === null) problems.push(`${name(f)} never drawn while the page was scrolled through`);
    else if (f.drawnAfterMs > SCROLL_DRAW_BUDGET_MS) {
      problems.push(`${name(f)} drawn ${Math.round(f.drawnAfterMs)} ms after scroll step ${f.step} brought it into view (budget ${SCROLL_DRAW_BUDGET_MS} ms` +
        `${f.drawMs === null ? "" : `; plotly.js drew it in ${Math.round(f.drawMs)} ms`})`);
    }
    if (f.heightBefore !== null && Math.abs(f.heightAfter - f.heightBefore) > 1) {
      problems.push(`${name(f)} changed height when drawn (${Math.round(f.heightBefore)} → ${Math.round(f.heightAfter)} px): its placeholder must reserve it`);
    }
  }
  if (!(walk.layoutShift <= LAYOUT_SHIFT_BUDGET)) problems.push(`layout shift ${walk.layoutShift.toFixed(3)} (budget ${LAYOUT_SHIFT_BUDGET}): something above the reader moved after the first paint`);
  if (walk.figures.length && !walk.pageSaysAllDrawn) problems.push("after the scroll the page does not say every figure is drawn (body[data-rendered])");
  return problems;
}
