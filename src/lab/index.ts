/**
 * Experiments behind the chapter notebooks that are more than a call into the library: each is
 * a tested function, so a notebook cell stays a short, readable demonstration.
 * part1: sections 8.1–8.4; part2: sections 8.5–8.7.
 */
export * from "./part1";
export * from "./part2";
