import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { problems } from "../src";

// Reference values in src/problems/reference-problems.json come from NumPy/SciPy (shared/reference/README.md).
const raw = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../src/problems/reference-problems.json"), "utf8")).problems;

describe("reference problems: f*, gradient 0 at x*, f(x0), derivatives by finite differences", () => {
  for (const name of problems.referenceNames) {
    const { objective, x0, xStar, fStar } = problems.reference(name);
    it(name, () => {
      if (typeof raw[name].f_x0 === "number") expect(Math.abs(objective.f(x0) - raw[name].f_x0)).toBeLessThan(1e-12 * (1 + Math.abs(raw[name].f_x0)));
      if (xStar && fStar !== null) {
        expect(Math.abs(objective.f(xStar) - fStar)).toBeLessThan(1e-12 * (1 + Math.abs(fStar)));
        objective.grad(xStar).forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-8));
      }
      const x = x0.map((v, i) => v + 0.1 * Math.sin(i + 1));
      const g = objective.grad(x);
      const H = objective.hessian(x);
      const h = 1e-6;
      for (let j = 0; j < x.length; j++) {
        const p = x.slice();
        const m = x.slice();
        p[j] += h;
        m[j] -= h;
        expect(Math.abs(g[j] - (objective.f(p) - objective.f(m)) / (2 * h))).toBeLessThan(1e-6 * (1 + Math.abs(g[j])));
        const gp = objective.grad(p);
        const gm = objective.grad(m);
        for (let i = 0; i < x.length; i++) expect(Math.abs(H[i][j] - (gp[i] - gm[i]) / (2 * h))).toBeLessThan(1e-5 * (1 + Math.abs(H[i][j])));
      }
    });
  }
});
