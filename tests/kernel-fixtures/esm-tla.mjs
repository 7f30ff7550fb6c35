// Fixture: an ES module with top-level await, which require() cannot load; the kernel must import() it.
export const value = (await Promise.resolve(41)) + 1;
