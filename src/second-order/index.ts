// Filled in by the second-order work; see shared/API.md.
export {};
