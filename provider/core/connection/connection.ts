/**
 * Where a resource's SBC connection comes from, in order: the resource's own `connection` input
 * (its password travels as a separate secret input), the stack config handed to the dynamic
 * provider's `configure` (`sbc:host`, `sbc:password`, …), then environment variables
 * (`SBC_HOST`, `SBC_PASSWORD`, …). Each field falls through on its own, so a program can name
 * the host per resource and keep the credentials in stack config. The optional Session Delivery
 * Manager (SDM) that manages the SBC layers the same way: `connection.sdm.url`, `sbc:sdmUrl`,
 * `SBC_SDM_URL`, and so on; with an SDM url set, every lock session also holds SDM's device lock.
 */

import { CommitMode, ConnectionSettings, Setting, SETTING, SettingField, SETTINGS } from "./connectionSettings";
import { HealthCheck, healthCheckProblems } from "./healthChecks";

export { CONFIG_KEYS } from "./connectionSettings";
export type { CommitMode, ConnectionSettings } from "./connectionSettings";

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

/** Commit confirmed (session/commitConfirm.ts), when `confirm` is set. */
export interface ConfirmSettings {
  /** How long the SBC is watched after activate. */
  windowSeconds: number;
  checks: readonly HealthCheck[];
  /** How long after the window an SBC that stopped answering may take to answer again before the rollback is given up. */
  returnSeconds: number;
  /** Keep the backup file on the SBC after a confirmed change, instead of removing it. */
  keepBackup: boolean;
  /** Pause between rounds of checks: 5 s, or a fifth of a shorter window so that it still sees several (a round itself takes its requests' time). */
  intervalMs?: number;
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
  /** Discard changes staged by someone else instead of stopping before the run changes anything (session/stagedWork.ts). */
  discardStagedChanges: boolean;
  lockTimeoutSeconds: number;
  /** No answer within this time fails a request; repeatable requests are retried for twice as long. */
  requestTimeoutSeconds: number;
  /** Commit confirmed, when `confirm` is set. */
  confirm?: ConfirmSettings;
  sdm?: ResolvedSdm;
}

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

function parseJson(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new ConnectionConfigError(`${name} must be JSON (${(err as Error).message})`);
  }
}

/** Reads settings out of a string source (stack config or environment), each by its type. */
function fromSource(nameOf: (setting: Setting) => string, get: (name: string) => string | undefined): ConnectionSettings {
  const out: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const value = get(nameOf(setting));
    if (value === undefined || value === "") continue;
    if (setting.type === "boolean") out[setting.field] = parseBoolean(nameOf(setting), value);
    else if (setting.type === "number") out[setting.field] = Number(value);
    else if (setting.type === "checks") out[setting.field] = parseJson(nameOf(setting), value);
    else out[setting.field] = value;
  }
  return out as ConnectionSettings;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  return fromSource((s) => s.env, (name) => env[name]);
}

export function settingsFromConfig(get: (key: string) => string | undefined): ConnectionSettings {
  return fromSource((s) => s.configKey, get);
}

/** What is wrong with one value by its setting's row, if anything. */
function valueProblem(setting: Setting, value: unknown): string | undefined {
  const got = typeof value === "string" ? `"${value}"` : String(value);
  switch (setting.type) {
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false; got ${got}`;
    case "enum":
      return setting.values!.includes(value as string) ? undefined : `must be one of ${setting.values!.join(", ")}; got ${got}`;
    case "number": {
      const min = setting.min ?? -Infinity;
      const ok = typeof value === "number" && Number.isFinite(value) && (setting.minExclusive ? value > min : value >= min);
      return ok ? undefined : `must be a number ${setting.minExclusive ? ">" : ">="} ${min}; got ${got}`;
    }
    case "checks": {
      const problems = healthCheckProblems(value);
      return problems.length > 0 ? `cannot run: ${problems.join("; ")}` : undefined;
    }
    case "string":
      if (typeof value !== "string") return `must be a string; got ${got}`;
      return setting.pattern && !setting.pattern.test(value) ? `must ${setting.shape}; got ${got}` : undefined;
  }
}

/** Problems with explicitly given settings, one line each (for `check`). */
export function settingsProblems(settings: ConnectionSettings): { field: SettingField; reason: string }[] {
  const problems: { field: SettingField; reason: string }[] = [];
  for (const setting of SETTINGS) {
    const value = settings[setting.field];
    const reason = value === undefined ? undefined : valueProblem(setting, value);
    if (reason) problems.push({ field: setting.field, reason });
  }
  // Only an activate changes what the SBC runs, so only an activate can be confirmed; silently watching nothing would mislead.
  if (settings.confirm === true && settings.commit !== undefined && settings.commit !== "activate") {
    problems.push({ field: "confirm", reason: `confirms an activate, and commit is ${settings.commit}: set commit to activate or confirm to false` });
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

/** Where a program can set a setting, for a message about a missing one. */
function whereToSet(setting: Setting): string {
  return `${setting.resourcePath}, stack config ${setting.configKey}${setting.secret ? " (--secret)" : ""} or ${setting.env}`;
}

/** The required settings of a group that no layer set. */
function missingOf(merged: ConnectionSettings, group: Setting["group"]): Setting[] {
  return SETTINGS.filter((s) => s.group === group && s.required && !merged[s.field]);
}

const DEFAULTS = Object.fromEntries(SETTINGS.filter((s) => s.default !== undefined).map((s) => [s.field, s.default])) as ConnectionSettings;

/** The first layer that sets a field wins, then the defaults; a missing host, username or password is an error. */
export function resolveConnection(layers: ConnectionSettings[]): ResolvedConnection {
  const merged = merge(withOneDevice(layers));
  const problems = settingsProblems(merged);
  if (problems.length > 0) {
    throw new ConnectionConfigError(`invalid SBC connection: ${problems.map((p) => `${p.field} ${p.reason}`).join("; ")}`);
  }
  const missing = missingOf(merged, "sbc");
  if (missing.length > 0) {
    throw new ConnectionConfigError(`no SBC ${missing.map((s) => s.field).join(", ")} configured: set ${missing.map(whereToSet).join("; ")}`);
  }
  const settings = { ...DEFAULTS, ...merged };
  return {
    sdm: resolveSdm(settings),
    host: settings.host!,
    username: settings.username!,
    password: settings.password!,
    apiVersion: settings.apiVersion,
    insecure: settings.insecure!,
    caCert: settings.caCert,
    commit: settings.commit!,
    discardStagedChanges: settings.discardStagedChanges!,
    lockTimeoutSeconds: settings.lockTimeoutSeconds!,
    requestTimeoutSeconds: settings.requestTimeoutSeconds!,
    ...(settings.confirm && {
      confirm: {
        windowSeconds: settings.confirmWindowSeconds!,
        returnSeconds: settings.confirmReturnSeconds!,
        keepBackup: settings.keepBackup!,
        checks: settings.healthChecks ?? [],
      },
    }),
  };
}

/** The SDM part of the settings: absent without an SDM url, an error when it is incomplete. */
function resolveSdm(settings: ConnectionSettings): ResolvedSdm | undefined {
  if (!settings.sdmUrl) return undefined;
  const missing = missingOf(settings, "sdm").map((s) => `${s.field} (${whereToSet(s)})`);
  if (!settings.sdmDeviceId && !settings.sdmDeviceName) {
    const [id, name] = [SETTING.sdmDeviceId, SETTING.sdmDeviceName];
    missing.push(`the SBC's device in SDM (${id.resourcePath} or ${name.resourcePath}, ${id.configKey}/${name.configKey} or ${id.env}/${name.env})`);
  }
  if (missing.length > 0) {
    throw new ConnectionConfigError(`an SDM url is set (${settings.sdmUrl}) but not ${missing.join("; ")}`);
  }
  return {
    url: settings.sdmUrl,
    username: settings.sdmUsername!,
    password: settings.sdmPassword!,
    device: settings.sdmDeviceId ? { deviceId: settings.sdmDeviceId } : { deviceName: settings.sdmDeviceName! },
    apiVersion: settings.sdmApiVersion,
    caCert: settings.sdmCaCert,
    insecure: settings.sdmInsecure!,
  };
}

/** The provider's setting layers, first wins, by where they come from (elementProvider.ts builds them). */
export interface SettingSources {
  resource: ConnectionSettings;
  /** The first layer is a native provider's config (the stack's `sbc:*` or an explicit provider's inputs), not a resource's `connection`. */
  resourceIsProvider?: boolean;
  stackConfig: ConnectionSettings;
  env: ConnectionSettings;
}

/** Where a setting's value came from, in the words a user can act on. */
function sourceOf(sources: SettingSources, setting: Setting): string {
  if (sources.resource[setting.field] !== undefined) {
    return sources.resourceIsProvider ? `the provider's ${setting.field}: stack config ${setting.configKey} or an explicit provider's input` : `the resource's ${setting.resourcePath}`;
  }
  if (sources.stackConfig[setting.field] !== undefined) return `stack config ${setting.configKey}`;
  return setting.env;
}

/**
 * What to check after the SBC refused a login: the username and password by where each came from,
 * and how to correct the password there. `recorded` (refresh, destroy): the engine configures the
 * provider from the stack config the last `up` recorded, and the resource's connection is the one
 * recorded in its state, so a corrected one counts only after a `pulumi up`.
 */
export function loginAdvice(sources: SettingSources, recorded: boolean): string {
  const username = SETTING.username;
  const password = SETTING.password;
  const passwordFrom = sourceOf(sources, password);
  const fix = sources.resource.password !== undefined
    ? sources.resourceIsProvider
      ? `set it with \`pulumi config set --secret ${password.configKey} <password>\`, or correct the explicit provider's password in the program`
      : "correct it in the program"
    : sources.stackConfig.password !== undefined
      ? `set it with \`pulumi config set --secret ${password.configKey} <password>\``
      : `set ${password.env} in the environment of the pulumi command`;
  const check = `check the username (${sourceOf(sources, username)}) and the password (${passwordFrom}): ${fix}`;
  if (!recorded || passwordFrom === password.env) return check;
  return (
    `${check}, then run \`pulumi up\` before refresh or destroy, which log in with the ` +
    `${sources.resource.password === undefined ? "stack config" : sources.resourceIsProvider ? "provider config" : "connection"} that the last \`pulumi up\` recorded`
  );
}
