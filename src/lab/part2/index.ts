// Experiment helpers for the chapter notebooks (part2); filled in by the notebook work.
export {};
