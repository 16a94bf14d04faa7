/**
 * The SDM emulator's control endpoint, for tests and demos that run it as a separate process (as
 * `/__emulator/faults` is for the SBC emulator): see who holds which device, make a device locked
 * by another SDM user, release it, end every session. JSON in and out, no session needed.
 */
import { SdmState } from "./sdmState";

export const SDM_CONTROL_PATH = "/__emulator/sdm";

class ControlError extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new ControlError(`${what} must be a non-empty string`);
  return value;
}

function deviceOf(sdm: SdmState, value: unknown, what: string): string {
  const deviceId = nonEmptyString(value, what);
  if (!sdm.device(deviceId)) throw new ControlError(`no device with id ${deviceId}; ids: ${sdm.devices.map((d) => d.id).join(", ")}`);
  return deviceId;
}

const USAGE = `the body must be {"lock": {"deviceId": "…", "user": "…"}}, {"release": "<deviceId>"} or {"expireSessions": true}`;

function apply(sdm: SdmState, body: string): void {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new ControlError(`the body is not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(value) || Object.keys(value).length !== 1) throw new ControlError(USAGE);
  if ("lock" in value) {
    if (!isPlainObject(value.lock)) throw new ControlError(USAGE);
    sdm.lockAs(deviceOf(sdm, value.lock.deviceId, "lock.deviceId"), nonEmptyString(value.lock.user, "lock.user"));
  } else if ("release" in value) {
    sdm.release(deviceOf(sdm, value.release, "release"));
  } else if (value.expireSessions === true) {
    sdm.expireSessions();
  } else {
    throw new ControlError(USAGE);
  }
}

/** GET reports devices (with holders) and counters; POST changes them and reports. Errors: `{ error }` with 400/405. */
export function sdmControl(sdm: SdmState, method: string, body: string): { status: number; json: unknown } {
  if (method !== "GET" && method !== "POST") {
    return { status: 405, json: { error: `${method} is not supported on ${SDM_CONTROL_PATH}; use GET or POST` } };
  }
  try {
    if (method === "POST") apply(sdm, body);
    return { status: 200, json: sdm.snapshot() };
  } catch (err) {
    if (err instanceof ControlError) return { status: 400, json: { error: err.message } };
    throw err;
  }
}
