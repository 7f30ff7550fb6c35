// Filled in by the schedules work; see shared/API.md.
export {};
