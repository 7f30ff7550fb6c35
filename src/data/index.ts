// Filled in by the data work; see shared/API.md.
export {};
