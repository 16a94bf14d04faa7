/**
 * Where a resource's SBC connection comes from, in order: the resource's own `connection` input
 * (its password travels as a separate secret input), the stack config handed to the dynamic
 * provider's `configure` (`sbc:host`, `sbc:password`, …), then environment variables
 * (`SBC_HOST`, `SBC_PASSWORD`, …). Each field falls through on its own, so a program can name
 * the host per resource and keep the credentials in stack config. The optional Session Delivery
 * Manager (SDM) that manages the SBC layers the same way: `connection.sdm.url`, `sbc:sdmUrl`,
 * `SBC_SDM_URL`, and so on; with an SDM url set, every lock session also holds SDM's device lock.
 */

export type CommitMode = "activate" | "save" | "none";

export const COMMIT_MODES: readonly CommitMode[] = ["activate", "save", "none"];

/** Connection settings as a program writes them (all optional: config and env fill gaps). */
export interface ConnectionSettings {
  host?: string;
  username?: string;
  password?: string;
  apiVersion?: string;
  insecure?: boolean;
  caCert?: string;
  commit?: CommitMode;
  lockTimeoutSeconds?: number;
  requestTimeoutSeconds?: number;
  sdmUrl?: string;
  sdmUsername?: string;
  sdmPassword?: string;
  sdmDeviceId?: string;
  sdmDeviceName?: string;
  sdmApiVersion?: string;
  sdmCaCert?: string;
  sdmInsecure?: boolean;
}

/** The SDM that manages the SBC, and which of its devices the SBC is. */
export interface ResolvedSdm {
  url: string;
  username: string;
  password: string;
  device: { deviceId: string } | { deviceName: string };
  apiVersion?: string;
  caCert?: string;
  insecure: boolean;
}

/** Everything needed to talk to one SBC. */
export interface ResolvedConnection {
  host: string;
  username: string;
  password: string;
  apiVersion?: string;
  insecure: boolean;
  caCert?: string;
  commit: CommitMode;
  lockTimeoutSeconds: number;
  /** No answer within this time fails a request; repeatable requests are retried for twice as long. */
  requestTimeoutSeconds: number;
  sdm?: ResolvedSdm;
}

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** Just over a token's ten-minute life: an orphaned lock clears within it. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 660;

type Source = (name: keyof ConnectionSettings) => string | undefined;

const ENV_NAMES: Record<keyof ConnectionSettings, string> = {
  host: "SBC_HOST",
  username: "SBC_USERNAME",
  password: "SBC_PASSWORD",
  apiVersion: "SBC_API_VERSION",
  insecure: "SBC_INSECURE",
  caCert: "SBC_CA_CERT",
  commit: "SBC_COMMIT",
  lockTimeoutSeconds: "SBC_LOCK_TIMEOUT_SECONDS",
  requestTimeoutSeconds: "SBC_REQUEST_TIMEOUT_SECONDS",
  sdmUrl: "SBC_SDM_URL",
  sdmUsername: "SBC_SDM_USERNAME",
  sdmPassword: "SBC_SDM_PASSWORD",
  sdmDeviceId: "SBC_SDM_DEVICE_ID",
  sdmDeviceName: "SBC_SDM_DEVICE_NAME",
  sdmApiVersion: "SBC_SDM_API_VERSION",
  sdmCaCert: "SBC_SDM_CA_CERT",
  sdmInsecure: "SBC_SDM_INSECURE",
};

export const CONFIG_KEYS: Record<keyof ConnectionSettings, string> = {
  host: "sbc:host",
  username: "sbc:username",
  password: "sbc:password",
  apiVersion: "sbc:apiVersion",
  insecure: "sbc:insecure",
  caCert: "sbc:caCert",
  commit: "sbc:commit",
  lockTimeoutSeconds: "sbc:lockTimeoutSeconds",
  requestTimeoutSeconds: "sbc:requestTimeoutSeconds",
  sdmUrl: "sbc:sdmUrl",
  sdmUsername: "sbc:sdmUsername",
  sdmPassword: "sbc:sdmPassword",
  sdmDeviceId: "sbc:sdmDeviceId",
  sdmDeviceName: "sbc:sdmDeviceName",
  sdmApiVersion: "sbc:sdmApiVersion",
  sdmCaCert: "sbc:sdmCaCert",
  sdmInsecure: "sbc:sdmInsecure",
};

/** A connection that cannot be used, with what to do about it. */
export class ConnectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionConfigError";
  }
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no|)$/i.test(value)) return false;
  throw new ConnectionConfigError(`${name} must be true or false, got "${value}"`);
}

/** Reads settings out of a string source (stack config or environment). */
function fromSource(source: Source, describe: (name: keyof ConnectionSettings) => string): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const name of Object.keys(ENV_NAMES) as (keyof ConnectionSettings)[]) {
    const value = source(name);
    if (value === undefined || value === "") continue;
    if (name === "insecure" || name === "sdmInsecure") out[name] = parseBoolean(describe(name), value);
    else if (name === "lockTimeoutSeconds" || name === "requestTimeoutSeconds") out[name] = Number(value);
    else if (name === "commit") out.commit = value as CommitMode;
    else out[name] = value;
  }
  return out;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  return fromSource((name) => env[ENV_NAMES[name]], (name) => ENV_NAMES[name]);
}

export function settingsFromConfig(get: (key: string) => string | undefined): ConnectionSettings {
  return fromSource((name) => get(CONFIG_KEYS[name]), (name) => CONFIG_KEYS[name]);
}

/** Problems with explicitly given settings, one line each (for `check`). */
export function settingsProblems(settings: ConnectionSettings): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (settings.commit !== undefined && !COMMIT_MODES.includes(settings.commit)) {
    problems.push({ field: "commit", reason: `must be one of ${COMMIT_MODES.join(", ")}; got "${settings.commit}"` });
  }
  for (const field of ["lockTimeoutSeconds", "requestTimeoutSeconds"] as const) {
    const seconds = settings[field];
    if (seconds !== undefined && (!Number.isFinite(seconds) || seconds < 0 || (field === "requestTimeoutSeconds" && seconds === 0))) {
      problems.push({ field, reason: `must be a number of seconds ${field === "requestTimeoutSeconds" ? "> 0" : ">= 0"}; got ${String(seconds)}` });
    }
  }
  if (settings.host !== undefined && settings.host.trim() === "") problems.push({ field: "host", reason: "must not be empty" });
  for (const field of ["apiVersion", "sdmApiVersion"] as const) {
    const version = settings[field];
    if (version !== undefined && !/^v\d+\.\d+$/.test(version)) problems.push({ field, reason: `must look like v1.1; got "${version}"` });
  }
  if (settings.sdmUrl !== undefined && !/^https?:\/\/[^/]+/.test(settings.sdmUrl)) {
    problems.push({ field: "sdmUrl", reason: `must be the SDM's base URL such as https://sdm.example.net:8443; got "${settings.sdmUrl}"` });
  }
  if (settings.sdmDeviceId !== undefined && settings.sdmDeviceName !== undefined) {
    problems.push({ field: "sdmDeviceId", reason: "name the SBC in SDM by sdmDeviceId or by sdmDeviceName, not both" });
  }
  return problems;
}

function merge(layers: ConnectionSettings[]): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const layer of [...layers].reverse()) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && value !== null && value !== "") (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** The SBC's device in SDM is one setting given two ways: the first layer that names it, by id or name, wins. */
function withOneDevice(layers: ConnectionSettings[]): ConnectionSettings[] {
  let named = false;
  return layers.map((layer) => {
    if (named) {
      const { sdmDeviceId: _id, sdmDeviceName: _name, ...rest } = layer;
      return rest;
    }
    named = Boolean(layer.sdmDeviceId || layer.sdmDeviceName);
    return layer;
  });
}

/** The first layer that sets a field wins; a missing host, username or password is an error. */
export function resolveConnection(layers: ConnectionSettings[]): ResolvedConnection {
  const merged = merge(withOneDevice(layers));
  const problems = settingsProblems(merged);
  if (problems.length > 0) {
    throw new ConnectionConfigError(`invalid SBC connection: ${problems.map((p) => `${p.field} ${p.reason}`).join("; ")}`);
  }
  const missing = (["host", "username", "password"] as const).filter((name) => !merged[name]);
  if (missing.length > 0) {
    const how = missing.map((name) => `connection.${name}, stack config ${CONFIG_KEYS[name]}${name === "password" ? " (--secret)" : ""} or ${ENV_NAMES[name]}`);
    throw new ConnectionConfigError(`no SBC ${missing.join(", ")} configured: set ${how.join("; ")}`);
  }
  return {
    sdm: resolveSdm(merged),
    host: merged.host!,
    username: merged.username!,
    password: merged.password!,
    apiVersion: merged.apiVersion,
    insecure: merged.insecure ?? false,
    caCert: merged.caCert,
    commit: merged.commit ?? "activate",
    lockTimeoutSeconds: merged.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS,
    requestTimeoutSeconds: merged.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
  };
}

/** The SDM part of merged settings: absent without an SDM url, an error when it is incomplete. */
function resolveSdm(merged: ConnectionSettings): ResolvedSdm | undefined {
  if (!merged.sdmUrl) return undefined;
  const missing = (["sdmUsername", "sdmPassword"] as const)
    .filter((name) => !merged[name])
    .map((name) => `${name} (connection.sdm.${name.slice(3).toLowerCase()}, ${CONFIG_KEYS[name]} or ${ENV_NAMES[name]})`);
  if (!merged.sdmDeviceId && !merged.sdmDeviceName) {
    missing.push("the SBC's device in SDM (connection.sdm.deviceId or .deviceName, sbc:sdmDeviceId/sbc:sdmDeviceName or SBC_SDM_DEVICE_ID/SBC_SDM_DEVICE_NAME)");
  }
  if (missing.length > 0) {
    throw new ConnectionConfigError(`an SDM url is set (${merged.sdmUrl}) but not ${missing.join("; ")}`);
  }
  return {
    url: merged.sdmUrl,
    username: merged.sdmUsername!,
    password: merged.sdmPassword!,
    device: merged.sdmDeviceId ? { deviceId: merged.sdmDeviceId } : { deviceName: merged.sdmDeviceName! },
    apiVersion: merged.sdmApiVersion,
    caCert: merged.sdmCaCert,
    insecure: merged.sdmInsecure ?? false,
  };
}
