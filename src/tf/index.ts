// Filled in by the tf work; see shared/API.md.
export {};
