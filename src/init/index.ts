// Filled in by the init work; see shared/API.md.
export {};
