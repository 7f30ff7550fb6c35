// Filled in by the norm work; see shared/API.md.
export {};
