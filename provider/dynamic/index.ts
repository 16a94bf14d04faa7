/**
 * pulumi-oracle-sbc: Pulumi resources for Oracle Communications SBC configuration. The generic
 * ConfigElement covers every element type; the typed classes are thin layers over it.
 */
export { ConfigElement } from "./configElement";
export { typeNameOf } from "../core/elements/argNames";
export type { ConfigElementArgs, ConnectionArgs, SubElementArgs } from "./configElement";
export type { CommitMode } from "../core/connection/connection";
export type { HealthCheck, HttpCheck, KpiCheck } from "../core/connection/healthChecks";
export * from "./resources";
