/**
 * The site's JavaScript, bundled with esbuild: the page script (assets/page.js, with the editor as a chunk
 * it loads on the first edit) and the runtime worker (assets/runtime.js: the engine, sucrase, acorn and the
 * library with tfjs). The library comes from its browser entry (src/browser.ts) unless told otherwise.
 */
import { build, BuildOptions } from "esbuild";
import * as fs from "fs";
import * as path from "path";

export const SITE_SOURCES = path.resolve(__dirname, "..");
export const PROJECT_ROOT = path.resolve(SITE_SOURCES, "..");

export interface BundleOptions {
  /** Folder written into (build/site/assets). */
  assetsDir: string;
  /** The library's browser entry (default src/browser.ts). */
  libraryEntry?: string;
  minify?: boolean;
}

const common: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome110", "firefox115", "safari16"],
  legalComments: "none",
  logLevel: "silent",
  // Output must not mention this machine: no source maps, no absolute paths in names.
  sourcemap: false,
  absWorkingDir: PROJECT_ROOT,
  define: { "process.env.NODE_ENV": '"production"' },
};

export function defaultLibraryEntry(): string {
  return path.join(PROJECT_ROOT, "src", "browser.ts");
}

export async function bundleSite(options: BundleOptions): Promise<{ files: string[] }> {
  const libraryEntry = options.libraryEntry ?? defaultLibraryEntry();
  if (!fs.existsSync(libraryEntry)) throw new Error(`site: the library's browser entry ${path.relative(PROJECT_ROOT, libraryEntry)} is missing`);
  const minify = options.minify ?? true;
  const page = await build({
    ...common,
    entryPoints: { page: path.join(SITE_SOURCES, "page", "main.ts") },
    outdir: options.assetsDir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    minify,
    metafile: true,
  });
  const runtime = await build({
    ...common,
    entryPoints: { runtime: path.join(SITE_SOURCES, "runtime", "worker.ts") },
    outdir: options.assetsDir,
    // esbuild takes an alias to a file as a path relative to the working directory.
    alias: { "descent-library": "./" + path.relative(PROJECT_ROOT, libraryEntry).split(path.sep).join("/") },
    minify,
    metafile: true,
  });
  const errors = [...page.errors, ...runtime.errors];
  if (errors.length) throw new Error(`site: esbuild failed: ${errors.map((e) => e.text).join("; ")}`);
  const files = [...Object.keys(page.metafile!.outputs), ...Object.keys(runtime.metafile!.outputs)];
  return { files: files.map((f) => path.resolve(PROJECT_ROOT, f)) };
}
