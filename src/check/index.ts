// Filled in by the check work; see shared/API.md.
export {};
