import { describe, it, expect } from "vitest";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : files(p);
    return /\.(ts|js|mjs|cjs|ipynb|py|md)$/.test(e.name) ? [p] : [];
  });
}

describe("randomness is always seeded", () => {
  it("no Math.random in src/ or notebooks/ (use rng(seed) from src/rng.ts)", () => {
    const scanned = [...files(path.join(root, "src")), ...files(path.join(root, "notebooks"))];
    expect(scanned.length).toBeGreaterThan(5);
    const offenders = scanned.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => /Math\s*\.\s*random|Math\s*\[\s*["']random/.test(line))
        .map(({ i }) => `${path.relative(root, file)}:${i + 1}`),
    );
    expect(offenders).toEqual([]);
  });
});
