/**
 * `npm run build`: executes every notebook on the Descent kernel, exports each to HTML with nbconvert,
 * writes build/index.html (chapter order, prev/next links), then opens every page in headless Chromium:
 * each must render as many Plotly figures as its notebook emitted, with zero console errors.
 * Screenshots go to build/screenshots/, timings to build/report.json. Exits non-zero on any failure.
 * Usage: tsx tools/build-book.ts [--timeout SEC] [--skip-browser] [names…]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chapterOrder, executeNotebook, formatFailure, jupyterEnv, PROJECT_ROOT } from "./lib/execute";
import { checkPages, countFigures, describeReport, PageReport } from "./lib/book-browser";
import { BookEntry, indexPage, navBar, notebookTitle, withNavigation } from "./lib/book-pages";

const BUILD = path.join(PROJECT_ROOT, "build");
const EXECUTED = path.join(BUILD, "executed");
const SCREENSHOTS = path.join(BUILD, "screenshots");
const NOTEBOOKS = path.join(PROJECT_ROOT, "notebooks");

function parseArgs(argv: string[]): { timeoutSec: number; browser: boolean; only: string[] } {
  const args = { timeoutSec: 600, browser: true, only: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timeout") args.timeoutSec = Number(argv[++i]);
    else if (argv[i] === "--skip-browser") args.browser = false;
    else args.only.push(argv[i]);
  }
  if (!(args.timeoutSec > 0)) throw new Error(`build-book: parameter '--timeout' must be a positive number of seconds, got ${args.timeoutSec}`);
  return args;
}

/** One nbconvert call for all pages (its start-up costs more than a page). */
function exportHtml(executed: string[]): void {
  if (executed.length === 0) return;
  const r = spawnSync("jupyter", ["nbconvert", "--to", "html", "--output-dir", BUILD, ...executed], {
    cwd: PROJECT_ROOT,
    env: jupyterEnv(),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build-book: jupyter nbconvert failed (exit ${r.status}): ${(r.stderr || String(r.error)).trim().split("\n").slice(-3).join(" | ")}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const names = chapterOrder(fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")))
    .filter((n) => args.only.length === 0 || args.only.some((o) => n.includes(o)))
    .map((f) => f.replace(/\.ipynb$/, ""));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  const entries: BookEntry[] = [];
  for (const name of names) {
    const source = path.join(NOTEBOOKS, `${name}.ipynb`);
    const executed = path.join(EXECUTED, `${name}.ipynb`);
    const result = await executeNotebook(source, { outputPath: executed, cellTimeoutSec: args.timeoutSec });
    const entry: BookEntry = {
      name,
      title: notebookTitle(source, name),
      ok: result.ok,
      figures: fs.existsSync(executed) ? countFigures(executed) : 0,
      seconds: result.durationMs / 1000,
    };
    if (!result.ok) entry.error = formatFailure(`${name}.ipynb`, result.failure!);
    console.log(`${result.ok ? "ran " : "FAIL"} ${entry.seconds.toFixed(1).padStart(6)} s  ${name}  (${entry.figures} figures)`);
    if (entry.error) console.error("     " + entry.error);
    entries.push(entry);
  }

  const exportStart = Date.now();
  const exportable = entries.filter((e) => fs.existsSync(path.join(EXECUTED, `${e.name}.ipynb`)));
  exportHtml(exportable.map((e) => path.join(EXECUTED, `${e.name}.ipynb`)));
  exportable.forEach((e) => {
    const file = path.join(BUILD, `${e.name}.html`);
    fs.writeFileSync(file, withNavigation(fs.readFileSync(file, "utf8"), navBar(exportable, exportable.indexOf(e))));
  });
  fs.writeFileSync(path.join(BUILD, "index.html"), indexPage(entries, new Date().toISOString().replace(/\.\d+Z$/, "Z")));
  const exportSeconds = (Date.now() - exportStart) / 1000;
  console.log(`exported ${exportable.length} page(s) and build/index.html in ${exportSeconds.toFixed(1)} s`);

  let pages: PageReport[] = [];
  const browserStart = Date.now();
  if (args.browser) {
    pages = await checkPages([
      { file: path.join(BUILD, "index.html"), expectedFigures: 0, screenshot: path.join(SCREENSHOTS, "index.png") },
      ...exportable.map((e) => ({
        file: path.join(BUILD, `${e.name}.html`),
        expectedFigures: e.figures,
        screenshot: path.join(SCREENSHOTS, `${e.name}.png`),
      })),
    ]);
    pages.forEach((p) => console.log(describeReport(p)));
  }
  const report = {
    notebooks: entries,
    exportSeconds,
    browserSeconds: (Date.now() - browserStart) / 1000,
    pages: pages.map((p) => ({ ...p, file: path.relative(PROJECT_ROOT, p.file), screenshot: path.relative(PROJECT_ROOT, p.screenshot) })),
    totalSeconds: (Date.now() - started) / 1000,
  };
  fs.writeFileSync(path.join(BUILD, "report.json"), JSON.stringify(report, null, 1) + "\n");
  const failed = entries.filter((e) => !e.ok).length + pages.filter((p) => !p.ok).length;
  console.log(
    `${failed === 0 ? "book ok" : `book FAILED (${failed} problem(s))`}: ${entries.length} notebook(s), ` +
      `${entries.reduce((a, e) => a + e.figures, 0)} figure(s), ${report.totalSeconds.toFixed(1)} s; open build/index.html`,
  );
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
