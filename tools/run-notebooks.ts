/**
 * Execute every notebook in notebooks/ in chapter order (00-start-here, then 8.1 … 8.7) into
 * build/executed/. Prints per-notebook time; on a failure prints notebook, cell, first line and
 * the real error message, and exits non-zero.
 * Usage: tsx tools/run-notebooks.ts [--timeout SEC] [--out DIR] [names…]
 */
import * as fs from "fs";
import * as path from "path";
import { chapterOrder, executeNotebook, formatFailure, PROJECT_ROOT } from "./lib/execute";


interface Args { timeoutSec: number; outDir: string; only: string[]; notebookDir: string }

function parseArgs(argv: string[]): Args {
  const args: Args = {
    timeoutSec: 600,
    outDir: path.join(PROJECT_ROOT, "build", "executed"),
    only: [],
    notebookDir: path.join(PROJECT_ROOT, "notebooks"),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--timeout") args.timeoutSec = Number(argv[++i]);
    else if (a === "--out") args.outDir = path.resolve(argv[++i]);
    else if (a === "--notebooks") args.notebookDir = path.resolve(argv[++i]);
    else args.only.push(a);
  }
  if (!(args.timeoutSec > 0)) throw new Error(`run-notebooks: parameter '--timeout' must be a positive number of seconds, got ${args.timeoutSec}`);
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const all = fs.existsSync(args.notebookDir)
    ? fs.readdirSync(args.notebookDir).filter((f) => f.endsWith(".ipynb"))
    : [];
  const names = chapterOrder(all).filter((n) => args.only.length === 0 || args.only.some((o) => n.includes(o)));
  if (names.length === 0) {
    console.log(`run-notebooks: no notebooks in ${path.relative(PROJECT_ROOT, args.notebookDir) || "."}`);
    return 0;
  }
  let failures = 0;
  const started = Date.now();
  for (const name of names) {
    const result = await executeNotebook(path.join(args.notebookDir, name), {
      outputPath: path.join(args.outDir, name),
      cellTimeoutSec: args.timeoutSec,
    });
    const seconds = (result.durationMs / 1000).toFixed(1).padStart(6);
    if (result.ok) {
      console.log(`ok    ${seconds} s  ${name}  (${result.cells.length} code cells)`);
    } else {
      failures++;
      console.log(`FAIL  ${seconds} s  ${name}`);
      console.error(formatFailure(name, result.failure!));
      for (const line of result.failure!.traceback.slice(0, 12)) console.error("    " + line);
    }
  }
  const total = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${names.length - failures}/${names.length} notebooks ok in ${total} s; executed copies in ${path.relative(PROJECT_ROOT, args.outDir)}/`);
  return failures === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
