/**
 * `npm run bench`: every performance claim of the project, measured in one run against references
 * measured in the same run (torch when installed, tfjs built-ins, a memory-copy bound).
 * Writes every figure to build/bench.json as records { section, name, value, unit, torch?, ratio? }
 * (bench/record.ts), with each section's full result beside them.
 * `npm run bench -- tf` (or optim, secondOrder) runs only the sections named.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allRecords, beginSection, recordResult } from "./record";

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
    beginSection(part.name);
    try {
      const mod = await import(part.module);
      results[part.name] = await mod[part.fn]();
      // Figures a section returns without recording them one by one (named by their path).
      if (!allRecords().some((r) => r.section === part.name)) recordResult(results[part.name]);
    } catch (e) {
      failed = true;
      console.error(`bench ${part.name} failed: ${(e as Error).stack ?? e}`);
      results[part.name] = { error: String((e as Error).message ?? e) };
    }
    console.log(`(${part.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const out = path.resolve(__dirname, "../build/bench.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadAverageAtEnd: os.loadavg() };
  fs.writeFileSync(out, JSON.stringify({ date: results.date, node: process.version, machine, records: allRecords(), sections: results }, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (failed) process.exitCode = 1;
}

main();
