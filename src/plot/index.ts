// Filled in by the plot work; see shared/API.md.
export {};
