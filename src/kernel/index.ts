// Filled in by the kernel work; see shared/API.md.
export {};
