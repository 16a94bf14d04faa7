/**
 * The native provider's own configuration: stack config `sbc:*` for the default provider, or an
 * explicit `pulumi:providers:sbc` resource's inputs — the fields of the connection settings table
 * (connectionSettings.ts), which the engine sends without the `sbc:` prefix. Values arrive as
 * strings from stack config and typed from a program; both are read by the table's own parsers.
 */
import { ConnectionConfigError, settingsFromConfig, settingsProblems } from "../core/connection/connection";
import { ConnectionSettings, Setting, SETTING, SETTINGS, SettingField } from "../core/connection/connectionSettings";
import { CheckFailure } from "../core/elements/check";
import { isUnknown } from "../core/elements/elementState";
import { ProviderConnection } from "./elementProperties";
import { PropertyMap } from "./wire";

/** Inputs every provider resource may carry that are the engine's, not the settings table's. */
const ENGINE_INPUTS = new Set(["version", "pluginDownloadURL"]);

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null || isUnknown(value)) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The settings in `config` (plain values; unknown ones left out); a ConnectionConfigError names the first value that cannot be read. */
export function settingsOf(config: PropertyMap): ConnectionSettings {
  return settingsFromConfig((key) => asText(config[key.slice(key.indexOf(":") + 1)]));
}

/** Whether the provider will have `field`: in its config (an unknown counts: the engine fills it in before the run), else in the environment. */
function given(config: PropertyMap, field: SettingField, env: NodeJS.ProcessEnv): boolean {
  const value = config[field];
  return isUnknown(value) || (asText(value) ?? "") !== "" || (env[SETTING[field].env] ?? "") !== "";
}

/**
 * An SDM url without the user, password or device to lock with: reported by CheckConfig, so that
 * preview says it before `up` fails at its first change. Said in the provider's own words, as
 * stack config keys, the explicit provider's inputs and the environment; never on the password's
 * property, whose value the engine would print beside the reason.
 */
function sdmIncomplete(config: PropertyMap, env: NodeJS.ProcessEnv): CheckFailure | undefined {
  if (!given(config, "sdmUrl", env)) return undefined;
  const missing: Setting[][] = (["sdmUsername", "sdmPassword"] as const).filter((field) => !given(config, field, env)).map((field) => [SETTING[field]]);
  if (!given(config, "sdmDeviceName", env) && !given(config, "sdmDeviceId", env)) missing.push([SETTING.sdmDeviceName, SETTING.sdmDeviceId]);
  if (missing.length === 0) return undefined;
  /** The missing settings by one kind of name: "a, b and c or d", the device's two names as one. */
  const list = (name: (s: Setting) => string) => {
    const items = missing.map((group) => group.map(name).join(" or "));
    return items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  };
  const device = missing.some((group) => group.length > 1) ? " (the SBC's device in SDM, by name or id)" : "";
  const password = missing.some(([s]) => s.secret) ? " (the password with --secret)" : "";
  return {
    property: "sdmUrl",
    reason:
      `sbc:sdmUrl is set, so every change to the SBC waits for SDM's device lock, but not ${list((s) => s.configKey)}${device}: ` +
      `set ${missing.length === 1 ? "it" : "them"} in stack config${password}, as the explicit provider's ${list((s) => s.field)}, or in the environment (${list((s) => s.env)})`,
  };
}

/** What CheckConfig reports: unknown keys, unreadable values, what the table refuses, and an SDM that cannot be locked. */
export function configFailures(config: PropertyMap, env: NodeJS.ProcessEnv = process.env): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const known = SETTINGS.map((s) => s.field as string);
  for (const name of Object.keys(config)) {
    if (!known.includes(name) && !ENGINE_INPUTS.has(name) && !name.startsWith("__")) {
      failures.push({ property: name, reason: `sbc:${name} is not a setting of the sbc provider; its settings are ${known.join(", ")}` });
    }
  }
  let settings: ConnectionSettings;
  try {
    settings = settingsOf(config);
  } catch (err) {
    if (!(err instanceof ConnectionConfigError)) throw err;
    const field = SETTINGS.find((s) => err.message.startsWith(s.configKey))?.field ?? "";
    return [...failures, { property: field, reason: err.message }];
  }
  for (const problem of settingsProblems(settings)) {
    failures.push({ property: problem.field, reason: `${SETTING[problem.field].configKey} ${problem.reason}` });
  }
  const sdm = sdmIncomplete(config, env);
  return sdm ? [...failures, sdm] : failures;
}

/** The connection the provider's resources use: the settings, with the passwords apart as the implementation takes them. */
export function connectionOf(config: PropertyMap): ProviderConnection {
  const { password, sdmPassword, ...settings } = settingsOf(config);
  return { settings, password, sdmPassword };
}

/** The settings that differ between two configurations, and those of them that move the provider to another SBC. */
export function configChanges(olds: PropertyMap, news: PropertyMap): { changed: SettingField[]; replaces: SettingField[] } {
  const changed = SETTINGS.map((s) => s.field).filter((field) => asText(olds[field]) !== asText(news[field]) || isUnknown(news[field]));
  return { changed, replaces: changed.filter((field) => field === "host") };
}

/**
 * A password that reaches the provider in the clear would sit in the stack's state in clear (the
 * engine keeps a provider's config as its inputs): refused, as the dynamic path refuses it in
 * stack config (stackConfigSecrets.ts).
 */
export function refusePlainPasswords(config: PropertyMap, secrets: ReadonlySet<string>): void {
  const plain = SETTINGS.filter((s) => s.secret && asText(config[s.field]) !== undefined && !secrets.has(s.field));
  if (plain.length === 0) return;
  throw new ConnectionConfigError(
    `${plain.map((s) => s.configKey).join(" and ")} is set in plain text, and the CLI would store it in the stack's state in clear: ` +
      `set it as a secret with ${plain.map((s) => `\`pulumi config set --secret ${s.configKey} <password>\``).join(" and ")}, or give an explicit provider a secret value`,
  );
}
