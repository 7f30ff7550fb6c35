// Filled in by the train work; see shared/API.md.
export {};
