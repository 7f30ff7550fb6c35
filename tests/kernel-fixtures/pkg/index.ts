// Fixture for the kernel tests: a directory import that itself imports a directory.
export * as inner from "./inner";
export const answer: number = 42;
