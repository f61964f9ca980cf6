// Global prerequisites for vitest. Each prerequisite fails loudly with the fix, never skips.
export default function setup(): void {}
