import { describe, it, expect } from "vitest";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const script = path.join(__dirname, "fixtures/tf/webgl-run.ts");
const glBuilt = fs.existsSync(path.join(root, "node_modules/gl/build/Release/webgl.node"));
const hasXvfb = spawnSync("sh", ["-c", "command -v xvfb-run"]).status === 0;
const why = !glBuilt ? "headless-gl is not built (bash kernel-setup/webgl.sh)" : !hasXvfb ? "xvfb-run is not installed (apt-get install xvfb)" : "";

function runOn(backend: string): { backend: string; adam: number[]; mlpLoss: number; firstWeights: number[] } {
  const args = ["-a", "env", `DESCENT_BACKEND=${backend}`, path.join(root, "node_modules/.bin/tsx"), script];
  const r = spawnSync("xvfb-run", args, { cwd: root, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${backend} run failed: ${(r.stderr || String(r.error)).slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

// Optional backend: nothing depends on it, and without headless-gl this says why it did not run.
describe.skipIf(why !== "")(`webgl backend through headless-gl under Xvfb${why ? ` — skipped: ${why}` : ""}`, () => {
  it("selects webgl and gives the cpu backend's numbers at float32 tolerance (our Adam, an MLP epoch)", () => {
    const gl = runOn("webgl");
    const cpu = runOn("cpu");
    expect(gl.backend).toBe("webgl");
    expect(cpu.backend).toBe("cpu");
    for (let i = 0; i < cpu.adam.length; i++) expect(Math.abs(gl.adam[i] - cpu.adam[i])).toBeLessThan(1e-4 * (1 + Math.abs(cpu.adam[i])));
    expect(Math.abs(gl.mlpLoss - cpu.mlpLoss)).toBeLessThan(1e-4 * (1 + cpu.mlpLoss));
    for (let i = 0; i < cpu.firstWeights.length; i++) expect(Math.abs(gl.firstWeights[i] - cpu.firstWeights[i])).toBeLessThan(1e-4);
  }, 240_000);
});
