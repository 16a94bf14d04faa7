/** The SBC REST API emulator, for tests, benchmarks and the demo. */
export { startEmulator, createSbcState } from "./server";
export type { EmulatorOptions, EmulatorHandle } from "./server";
export type { SbcState, EmulatorStats } from "./routes";
export { DEFAULT_USERS } from "./sessions";
export type { User } from "./sessions";
