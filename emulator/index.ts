/** The SBC REST API emulator, and the SDM emulator that fronts SBCs with a device lock, for tests, benchmarks and the demo. */
export { startEmulator, createSbcState } from "./server";
export type { EmulatorOptions, EmulatorHandle } from "./server";
export type { SbcState, EmulatorStats } from "./routes";
export { DEFAULT_USERS } from "./sessions";
export type { User } from "./sessions";
export { FaultInjector, FaultSpecError, FAULT_KINDS, CONTROL_PATH, parseFaultRules, loadFaultSpec } from "./faults";
export type { FaultRule, FaultKind, FaultMatch, FaultReport, FaultRuleState, FaultInjectorOptions } from "./faults";
export { SystemStatus, HA_ROLES } from "./systemStatus";
export type { HaRole } from "./systemStatus";
export { Kpis, KpiSpecError } from "./kpis";
export { SYSTEM_CONTROL_PATH } from "./systemControl";
export { startSdmEmulator, DEFAULT_SDM_VERSIONS } from "./sdm/sdmServer";
export type { SdmEmulatorOptions, SdmEmulatorHandle } from "./sdm/sdmServer";
export { SdmState, DEFAULT_SDM_USERS } from "./sdm/sdmState";
export type { SdmUser, SdmDeviceSpec, SdmDeviceRecord, SdmStats, LockOutcome } from "./sdm/sdmState";
export { SDM_CONTROL_PATH } from "./sdm/sdmControl";
