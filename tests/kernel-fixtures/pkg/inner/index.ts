export function twice(x: number): number {
  return 2 * x;
}

/** Throws from a known line (7) so that tests can check the traceback's file and line. */
export function fail(reason: string): never {
  throw new RangeError("fixture failure: " + reason);
}
