/**
 * The control endpoint `/__emulator/system`, for tests and demos that run the emulator as a
 * separate process (as `/__emulator/faults` is for faults): read and set the HA role that
 * `system/status` reports and the values `statistics/kpis` reports. JSON in and out, no token.
 */
import { isPlainObject } from "./faults";
import { Kpis, KpiSpecError } from "./kpis";
import { SystemStatus } from "./systemStatus";

export const SYSTEM_CONTROL_PATH = "/__emulator/system";

class ControlError extends Error {}

const USAGE = `the body must be an object with "role" (e.g. "standby") and/or "kpis" (e.g. {"globalSessions": {"sysGlobalConSessions": 12}})`;

function report(system: SystemStatus, kpis: Kpis): unknown {
  return { role: system.role, kpis: kpis.snapshot() };
}

/** Checks the whole body on copies first, so that a refused body changes nothing. */
function apply(system: SystemStatus, kpis: Kpis, body: string): void {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new ControlError(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(value) || Object.keys(value).length === 0 || Object.keys(value).some((k) => k !== "role" && k !== "kpis")) {
    throw new ControlError(USAGE);
  }
  const trial = { system: new SystemStatus(system.release), kpis: new Kpis() };
  const changes: Array<(target: { system: SystemStatus; kpis: Kpis }) => void> = [];
  if ("role" in value) {
    const role = value.role;
    if (typeof role !== "string") throw new ControlError(`role must be a string`);
    changes.push((t) => t.system.setRole(role));
  }
  if ("kpis" in value) {
    const byType = value.kpis;
    if (!isPlainObject(byType)) throw new ControlError(USAGE);
    for (const [type, values] of Object.entries(byType)) {
      if (!isPlainObject(values)) throw new ControlError(`kpis.${type} must be an object of KPI names and numbers`);
      changes.push((t) => t.kpis.set(type, values));
    }
  }
  for (const change of changes) change(trial);
  for (const change of changes) change({ system, kpis });
}

/** GET reports the role and every KPI; POST changes them and reports. Errors: `{ error }` with 400/405. */
export function systemControl(system: SystemStatus, kpis: Kpis, method: string, body: string): { status: number; json: unknown } {
  if (method !== "GET" && method !== "POST") {
    return { status: 405, json: { error: `${method} is not supported on ${SYSTEM_CONTROL_PATH}; use GET or POST` } };
  }
  try {
    if (method === "POST") apply(system, kpis, body);
    return { status: 200, json: report(system, kpis) };
  } catch (err) {
    if (err instanceof ControlError || err instanceof KpiSpecError || err instanceof RangeError) {
      return { status: 400, json: { error: err.message } };
    }
    throw err;
  }
}
