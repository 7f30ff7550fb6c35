/**
 * `build/site/`: the browser edition. One page per notebook (text, KaTeX math and the kernel's outputs
 * rendered at build time), the contents page, and the assets every page shares, each served once:
 * plotly.js, KaTeX's CSS and fonts, the page script, the runtime (library + tfjs + transpiler), tfjs's wasm
 * binaries and the data sets the library fetches. All URLs are relative: any static host, any sub-path.
 */
import * as fs from "fs";
import * as path from "path";
import { bundleSite, PROJECT_ROOT } from "./bundle";
import { firstHeading } from "./markdown";
import { loadSiteNotebook, SiteNotebook } from "./notebook";
import { countFigureOutputs } from "./outputs";
import { contentsPage, notebookPage, PageEntry } from "./page";

export interface SiteOptions {
  /** Notebook base names in chapter order. */
  names: string[];
  notebooksDir: string;
  executedDir: string;
  outDir: string;
  libraryEntry?: string;
  /** Data files served under data/<dataset>/ (the browser platform fetches them there). */
  dataSets?: { dataset: string; dir: string; files: string[] }[];
  builtAt?: string;
}

export interface SiteReport {
  pages: { name: string; file: string; bytes: number; figures: number; codeCells: number }[];
  assetsBytes: number;
  dataBytes: number;
  totalBytes: number;
  seconds: number;
}

export const FASHION_MNIST_FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

/** What the library's browser platform fetches (src/platform/browser.ts readDataFile → data/<dataset>/<file>). */
export function defaultDataSets(): { dataset: string; dir: string; files: string[] }[] {
  return [
    { dataset: "fashion-mnist", dir: "/usr/share/datasets/fashion-mnist", files: FASHION_MNIST_FILES },
    // The digits ship with the project; their README carries the attribution the licence asks for.
    { dataset: "digits", dir: path.join(PROJECT_ROOT, "data"), files: ["digits.csv", "README.md"] },
  ];
}

function copy(from: string, to: string): number {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  return fs.statSync(to).size;
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? folderBytes(p) : fs.statSync(p).size);
  }, 0);
}

const moduleFile = (spec: string): string => require.resolve(spec, { paths: [PROJECT_ROOT] });

/** KaTeX's stylesheet with only the woff2 fonts (every browser that runs the site reads woff2). */
function copyKatex(assets: string): void {
  const dist = path.dirname(moduleFile("katex/dist/katex.min.css"));
  const css = fs.readFileSync(path.join(dist, "katex.min.css"), "utf8")
    .replace(/,url\(fonts\/[^)]+\.woff\) format\("woff"\)/g, "")
    .replace(/,url\(fonts\/[^)]+\.ttf\) format\("truetype"\)/g, "");
  fs.mkdirSync(path.join(assets, "katex", "fonts"), { recursive: true });
  fs.writeFileSync(path.join(assets, "katex", "katex.min.css"), css);
  for (const f of fs.readdirSync(path.join(dist, "fonts"))) {
    if (f.endsWith(".woff2")) copy(path.join(dist, "fonts", f), path.join(assets, "katex", "fonts", f));
  }
}

function copyAssets(assets: string): void {
  copy(path.join(__dirname, "..", "page", "site.css"), path.join(assets, "site.css"));
  // plotly.js's cartesian bundle has every trace type d.plot draws (scatter, bar, heatmap, contour) at a
  // quarter of the full bundle's size; the render check fails if a page ever needs another one.
  copy(moduleFile("plotly.js-cartesian-dist-min/plotly-cartesian.min.js"), path.join(assets, "plotly.min.js"));
  // The full bundle only for pages (or runs) with 3-D figures (d.plot.surface).
  copy(moduleFile("plotly.js-dist-min/plotly.min.js"), path.join(assets, "plotly-full.min.js"));
  copyKatex(assets);
  const wasmDir = path.dirname(moduleFile("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  // Where the browser platform looks for them by default (src/platform/browser.ts: assets/tfjs-wasm/).
  for (const f of fs.readdirSync(wasmDir)) if (f.endsWith(".wasm")) copy(path.join(wasmDir, f), path.join(assets, "tfjs-wasm", f));
}

function copyData(outDir: string, dataSets: NonNullable<SiteOptions["dataSets"]>): void {
  for (const set of dataSets) {
    for (const f of set.files) {
      const from = path.join(set.dir, f);
      if (!fs.existsSync(from)) throw new Error(`site: data file ${from} is missing (the page's library fetches data/${set.dataset}/${f}); install it (kernel-setup/setup.sh)`);
      copy(from, path.join(outDir, "data", set.dataset, f));
    }
  }
}

function titleOf(nb: SiteNotebook): string {
  for (const c of nb.cells) if (c.kind === "markdown") {
    const h = firstHeading(c.source);
    if (h) return h;
  }
  return nb.name;
}

export async function buildSite(options: SiteOptions): Promise<SiteReport> {
  const started = Date.now();
  const out = options.outDir;
  fs.rmSync(out, { recursive: true, force: true });
  const assets = path.join(out, "assets");
  fs.mkdirSync(assets, { recursive: true });
  const notebooks = options.names.map((name) =>
    loadSiteNotebook(name, path.join(options.notebooksDir, `${name}.ipynb`), path.join(options.executedDir, `${name}.ipynb`)));
  const entries: PageEntry[] = notebooks.map((nb) => ({
    name: nb.name,
    title: titleOf(nb),
    figures: nb.cells.reduce((n, c) => n + (c.kind === "code" ? countFigureOutputs(c.outputs) : 0), 0),
    codeCells: nb.cells.filter((c) => c.kind === "code").length,
  }));
  const pages = notebooks.map((nb, k) => {
    const file = path.join(out, `${nb.name}.html`);
    fs.writeFileSync(file, notebookPage(nb, entries, k));
    return { name: nb.name, file, bytes: fs.statSync(file).size, figures: entries[k].figures, codeCells: entries[k].codeCells };
  });
  fs.writeFileSync(path.join(out, "index.html"), contentsPage(entries, options.builtAt ?? new Date().toISOString().replace(/\.\d+Z$/, "Z")));
  copyAssets(assets);
  await bundleSite({ assetsDir: assets, libraryEntry: options.libraryEntry });
  copyData(out, options.dataSets ?? defaultDataSets());
  const assetsBytes = folderBytes(assets);
  const dataBytes = folderBytes(path.join(out, "data"));
  return { pages, assetsBytes, dataBytes, totalBytes: folderBytes(out), seconds: (Date.now() - started) / 1000 };
}

export { PROJECT_ROOT };
