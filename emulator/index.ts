/** The SBC REST API emulator, for tests, benchmarks and the demo. */
export { startEmulator, createSbcState } from "./server";
export type { EmulatorOptions, EmulatorHandle } from "./server";
export type { SbcState, EmulatorStats } from "./routes";
export { DEFAULT_USERS } from "./sessions";
export type { User } from "./sessions";
export { FaultInjector, FaultSpecError, FAULT_KINDS, CONTROL_PATH, parseFaultRules, loadFaultSpec } from "./faults";
export type { FaultRule, FaultKind, FaultMatch, FaultReport, FaultRuleState, FaultInjectorOptions } from "./faults";
