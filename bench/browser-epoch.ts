/**
 * webgl and webgpu epoch times of the Fashion bench models in headless Chromium (issue 17, item 4):
 * the page bench/browser-epoch-page.ts is bundled with esbuild, served from http://127.0.0.1 (WebGPU
 * needs a secure context), and driven by playwright-core. A few steps are timed per model and
 * backend and reported per step (the report extrapolates to an epoch and says so). On a machine
 * without a GPU, Chromium renders with SwiftShader (software): expect slow.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import type { AddressInfo } from "net";

export interface BrowserRow {
  backend: string;
  adapter: string;
  /** Steps timed per model. */
  steps: Record<string, number>;
  /** Seconds per step, or why not measured. */
  mlp: number | string;
  cnn: number | string;
}

const OUT = path.resolve(__dirname, "../build/bench-browser");
const CHROMIUM = process.env.DESCENT_CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  "--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
];
const STEPS: Record<string, number> = { mlp: 5, cnn: 2 };

async function bundle(): Promise<void> {
  const esbuild = await import("esbuild");
  fs.mkdirSync(OUT, { recursive: true });
  await esbuild.build({
    entryPoints: [path.resolve(__dirname, "browser-epoch-page.ts")],
    bundle: true, platform: "browser", format: "iife", outfile: path.join(OUT, "page.js"), logLevel: "warning",
  });
  fs.writeFileSync(path.join(OUT, "index.html"), `<!doctype html><meta charset="utf-8"><title>Descent bench</title><script src="page.js"></script>\n`);
}

function serve(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = path.join(OUT, path.normalize(decodeURIComponent((req.url ?? "/").split("?")[0])).replace(/^(\.\.[/\\])+/, ""));
    const target = file.endsWith(path.sep) || file === OUT ? path.join(file, "index.html") : file;
    if (!target.startsWith(OUT) || !fs.existsSync(target)) return res.writeHead(404).end();
    const type = target.endsWith(".js") ? "text/javascript" : target.endsWith(".wasm") ? "application/wasm" : "text/html";
    res.writeHead(200, { "content-type": type, "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" });
    fs.createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Per-step seconds on webgl and webgpu in headless Chromium, or why not measured. */
export async function browserEpochs(backends = ["webgl", "webgpu"]): Promise<{ browser: string; rows: BrowserRow[] } | { skipped: string }> {
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
    await bundle();
  } catch (e) {
    return { skipped: `could not build the page: ${(e as Error).message.split("\n")[0]}` };
  }
  const server = await serve();
  const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(300_000);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const rows: BrowserRow[] = [];
    for (const backend of backends) {
      const row: BrowserRow = { backend, adapter: "", steps: STEPS, mlp: "", cnn: "" };
      for (const model of ["mlp", "cnn"] as const) {
        try {
          const r = await page.evaluate(([b, m, s]) => (globalThis as any).runEpochSteps(b, m, s), [backend, model, STEPS[model]] as const);
          row[model] = r.secondsPerStep;
          row.adapter = r.describe;
        } catch (e) {
          row[model] = `failed: ${(e as Error).message.split("\n")[0].slice(0, 120)}`;
        }
      }
      rows.push(row);
    }
    return { browser: `Chromium ${browser.version()}`, rows };
  } finally {
    await browser.close();
    server.close();
  }
}

if (require.main === module) {
  browserEpochs().then((r) => console.log(JSON.stringify(r, null, 2)));
}
