// Experiment helpers for the chapter notebooks (part1); filled in by the notebook work.
export {};
