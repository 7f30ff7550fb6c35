import { oneOf } from "../args";
import type { Objective } from "../types";
// Bundled with the library (8 KB), so the reference problems need no file access in Node or a browser.
import referenceProblems from "./reference-problems.json";
import { quadratic } from "./quadratic";
import { rosenbrock } from "./rosenbrock";
import { logisticRegression } from "./logistic";
import { saddle } from "./saddle";

/** The reference problems of reference-problems.json (copied from shared/reference, see data/README.md). */
export const referenceNames = ["quad5", "rosenbrock", "logreg", "logreg_l2", "saddle"] as const;
export type ReferenceName = (typeof referenceNames)[number];

export interface ReferenceProblem {
  objective: Objective;
  x0: Float64Array;
  xStar: Float64Array | null;
  fStar: number | null;
}

function problemsJson(): Record<string, any> {
  return (referenceProblems as { problems: Record<string, any> }).problems;
}

/** Loads one of the reference problems by name, with its start point and known minimizer. */
export function reference(name: ReferenceName): ReferenceProblem {
  const all = problemsJson();
  const p = all[name];
  oneOf("problems.reference", "name", name, referenceNames);
  let objective: Objective;
  if (name === "quad5") objective = quadratic({ A: p.A, b: p.b, name });
  else if (name === "rosenbrock") objective = rosenbrock();
  else if (name === "saddle") objective = saddle();
  else {
    const data = all.logreg;
    objective = logisticRegression({ X: data.X, y: data.y, l2: p.l2_lambda, name });
  }
  return {
    objective,
    x0: Float64Array.from(p.x0),
    xStar: p.x_star ? Float64Array.from(p.x_star) : null,
    fStar: typeof p.f_star === "number" ? p.f_star : null,
  };
}
