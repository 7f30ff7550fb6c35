/**
 * `npm run build`: executes every notebook on the Descent kernel (build/executed/), then writes the browser
 * edition, build/site/ (site/generator: one page per notebook, the contents page, shared assets), and checks
 * it in headless Chromium served from a sub-path (tools/lib/book-site-check.ts): every page renders with no
 * console error and no off-origin request; Run all on wasm prints what the kernel printed; 00-start-here
 * trains on webgl and webgpu; a downloaded notebook grades in full. Numbers go to build/report.json,
 * screenshots to build/screenshots/. Exits non-zero on any failure.
 *
 * Usage: tsx tools/build-book.ts [--timeout SEC] [--site-only] [--skip-browser] [--render-only] [--nbconvert] [names…]
 *   --site-only    reuse build/executed/ (no kernel), rebuild and check the site
 *   --skip-browser write the site, check nothing in Chromium
 *   --render-only  check rendering only (no Run all, no GPU training, no grading)
 *   --nbconvert    also export the old static HTML pages (nbconvert) to build/*.html
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chapterOrder, executeNotebook, formatFailure, jupyterEnv, PROJECT_ROOT } from "./lib/execute";
import { indexPage, navBar, notebookTitle, withNavigation, BookEntry } from "./lib/book-pages";
import { countFigures } from "./lib/book-browser";
import { buildSite } from "../site/generator/index";
import { loadSiteNotebook } from "../site/generator/notebook";
import { checkSite, SiteCheckReport } from "./lib/book-site-check";

const BUILD = path.join(PROJECT_ROOT, "build");
const EXECUTED = path.join(BUILD, "executed");
const SITE = path.join(BUILD, "site");
const SCREENSHOTS = path.join(BUILD, "screenshots");
const NOTEBOOKS = path.join(PROJECT_ROOT, "notebooks");

interface Args {
  timeoutSec: number;
  browser: boolean;
  siteOnly: boolean;
  renderOnly: boolean;
  nbconvert: boolean;
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { timeoutSec: 600, browser: true, siteOnly: false, renderOnly: false, nbconvert: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--timeout") args.timeoutSec = Number(argv[++i]);
    else if (a === "--skip-browser") args.browser = false;
    else if (a === "--site-only") args.siteOnly = true;
    else if (a === "--render-only") args.renderOnly = true;
    else if (a === "--nbconvert") args.nbconvert = true;
    else if (a.startsWith("--")) throw new Error(`build-book: unknown option '${a}' (allowed: --timeout, --site-only, --skip-browser, --render-only, --nbconvert)`);
    else args.only.push(a);
  }
  if (!(args.timeoutSec > 0)) throw new Error(`build-book: parameter '--timeout' must be a positive number of seconds, got ${args.timeoutSec}`);
  return args;
}

/** The old static export (one nbconvert call for all pages; its start-up costs more than a page). */
function exportNbconvert(entries: BookEntry[]): void {
  const files = entries.map((e) => path.join(EXECUTED, `${e.name}.ipynb`));
  const r = spawnSync("jupyter", ["nbconvert", "--to", "html", "--output-dir", BUILD, ...files], { cwd: PROJECT_ROOT, env: jupyterEnv(), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build-book: jupyter nbconvert failed (exit ${r.status}): ${(r.stderr || String(r.error)).trim().split("\n").slice(-3).join(" | ")}`);
  entries.forEach((e, k) => {
    const file = path.join(BUILD, `${e.name}.html`);
    fs.writeFileSync(file, withNavigation(fs.readFileSync(file, "utf8"), navBar(entries, k)));
  });
  fs.writeFileSync(path.join(BUILD, "index.html"), indexPage(entries, new Date().toISOString().replace(/\.\d+Z$/, "Z")));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const names = chapterOrder(fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")))
    .filter((n) => args.only.length === 0 || args.only.some((o) => n.includes(o)))
    .map((f) => f.replace(/\.ipynb$/, ""));

  const entries: BookEntry[] = [];
  for (const name of names) {
    const source = path.join(NOTEBOOKS, `${name}.ipynb`);
    const executed = path.join(EXECUTED, `${name}.ipynb`);
    const entry: BookEntry = { name, title: notebookTitle(source, name), ok: true, figures: 0, seconds: 0 };
    if (!args.siteOnly) {
      const result = await executeNotebook(source, { outputPath: executed, cellTimeoutSec: args.timeoutSec });
      entry.ok = result.ok;
      entry.seconds = result.durationMs / 1000;
      if (!result.ok) entry.error = formatFailure(`${name}.ipynb`, result.failure!);
    } else if (!fs.existsSync(executed)) {
      entry.ok = false;
      entry.error = `${path.relative(PROJECT_ROOT, executed)} is missing (run without --site-only, or npm run notebooks)`;
    }
    entry.figures = fs.existsSync(executed) ? countFigures(executed) : 0;
    if (!args.siteOnly || !entry.ok) console.log(`${entry.ok ? "ran " : "FAIL"} ${entry.seconds.toFixed(1).padStart(6)} s  ${name}  (${entry.figures} figures)`);
    if (entry.error) console.error("     " + entry.error);
    entries.push(entry);
  }
  const good = entries.filter((e) => e.ok);
  if (args.nbconvert && good.length) exportNbconvert(good);

  const siteStart = Date.now();
  const notebooks = good.map((e) => loadSiteNotebook(e.name, path.join(NOTEBOOKS, `${e.name}.ipynb`), path.join(EXECUTED, `${e.name}.ipynb`)));
  const site = await buildSite({ names: good.map((e) => e.name), notebooksDir: NOTEBOOKS, executedDir: EXECUTED, outDir: SITE });
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`site: build/site/ with ${site.pages.length} page(s) in ${site.seconds.toFixed(1)} s: ${mb(site.totalBytes)} MB ` +
    `(assets ${mb(site.assetsBytes)} MB, data ${mb(site.dataBytes)} MB, pages ${site.pages.map((p) => `${p.name} ${Math.round(p.bytes / 1000)} kB`).join(", ")})`);

  let check: SiteCheckReport | undefined;
  if (args.browser && notebooks.length) {
    check = await checkSite({
      siteDir: SITE,
      notebooks,
      screenshotsDir: path.join(SCREENSHOTS, "site"),
      docsScreenshot: path.join(SCREENSHOTS, "site-run-all.png"),
      runAll: !args.renderOnly,
      gpu: !args.renderOnly,
      grade: !args.renderOnly,
      gradeDir: path.join(BUILD, "site-grade"),
    });
  }
  const report = {
    notebooks: entries,
    site: { ...site, pages: site.pages.map((p) => ({ ...p, file: path.relative(PROJECT_ROOT, p.file) })) },
    siteCheck: check,
    siteSeconds: (Date.now() - siteStart) / 1000,
    totalSeconds: (Date.now() - started) / 1000,
  };
  fs.mkdirSync(BUILD, { recursive: true });
  fs.writeFileSync(path.join(BUILD, "report.json"), JSON.stringify(report, null, 1) + "\n");
  const failed = entries.filter((e) => !e.ok).length + (check && !check.ok ? 1 : 0);
  console.log(
    `${failed === 0 ? "book ok" : `book FAILED (${failed} problem(s))`}: ${entries.length} notebook(s), ${report.totalSeconds.toFixed(1)} s; ` +
      "open build/site/index.html through any static server (see README, 'The book in the browser')",
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
