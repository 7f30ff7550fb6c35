export function twice(x: number): number {
  return 2 * x;
}
