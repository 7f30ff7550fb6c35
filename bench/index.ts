/**
 * `npm run bench`: every performance claim of the project, measured in one run against references
 * measured in the same run (torch when installed, tfjs built-ins, a memory-copy bound).
 * Writes the numbers to build/bench.json as well.
 */
import * as fs from "fs";
import * as path from "path";

type Part = { name: string; module: string; fn: string };
const parts: Part[] = [
  { name: "optim", module: "./optim", fn: "benchOptim" },
  { name: "allocation", module: "./allocation", fn: "benchAllocation" },
  { name: "secondOrder", module: "./second-order", fn: "benchSecondOrder" },
  { name: "tf", module: "./tf", fn: "benchTf" },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  let failed = false;
  for (const part of parts) {
    if (only.length && !only.includes(part.name)) continue;
    console.log(`\n=== ${part.name} ===`);
    const t0 = Date.now();
    try {
      const mod = await import(part.module);
      results[part.name] = await mod[part.fn]();
    } catch (e) {
      failed = true;
      console.error(`bench ${part.name} failed: ${(e as Error).stack ?? e}`);
      results[part.name] = { error: String((e as Error).message ?? e) };
    }
    console.log(`(${part.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const out = path.resolve(__dirname, "../build/bench.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (failed) process.exitCode = 1;
}

main();
