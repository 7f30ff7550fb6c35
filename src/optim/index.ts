// Filled in by the optim work; see shared/API.md.
export {};
