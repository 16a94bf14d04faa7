/**
 * The connection settings, each written once. Everything else about a setting derives from its
 * row here: its stack config key (`sbc:<field>`), environment variable (`SBC_<FIELD>`), place in a
 * resource's `connection` (`sdm*` fields sit under `connection.sdm`), how a string from config or
 * env is parsed, which values `check` refuses, its default, whether it is a secret, and the
 * guides' tables in docs/connection.md and docs/sdm.md (`npm run docs:settings`, kept in step by tests/connectionSettings.test.ts).
 */
import type { HealthCheck } from "./healthChecks";

interface SettingRow {
  /** Flat name: in ConnectionSettings, after `sbc:` in stack config, and (upper snake case) after `SBC_` in env. */
  readonly field: string;
  /** `checks`: a list of health checks (provider/core/connection/healthChecks.ts), JSON text in stack config and env. */
  readonly type: "string" | "boolean" | "number" | "enum" | "checks";
  /** An enum's values. */
  readonly values?: readonly string[];
  /** A password: a secret input of its own, and refused in stack config unless set with --secret. */
  readonly secret?: boolean;
  /** Required always for the SBC, and once `sdmUrl` is set for SDM settings. */
  readonly required?: boolean;
  /** The value when no layer sets it. */
  readonly default?: string | boolean | number;
  /** A number's lower bound, and whether the bound itself is refused. */
  readonly min?: number;
  readonly minExclusive?: boolean;
  /** A string's shape, and how to say it after "must". */
  readonly pattern?: RegExp;
  readonly shape?: string;
  /** The meaning, for the guides' tables. */
  readonly doc: string;
}

const API_VERSION = { pattern: /^v\d+\.\d+$/, shape: "look like v1.1" } as const;
const SECONDS = { type: "number", min: 0 } as const;

export const SETTING_ROWS = [
  { field: "host", type: "string", required: true, pattern: /\S/, shape: "not be empty", doc: "the SBC's REST API: `host`, `host:port` or `https://host:port` — a bare host means https (port 443); `http://host:port` for the emulator, which serves plain http (`http://127.0.0.1:18080` for `npx sbc-emulator`)" },
  { field: "username", type: "string", required: true, doc: "an admin user" },
  { field: "password", type: "string", required: true, secret: true, doc: "its password" },
  // The SBC client's own default (client/client.ts DEFAULT_API_VERSION), named here for the docs; a test keeps them equal.
  { field: "apiVersion", type: "string", default: "v1.1", ...API_VERSION, doc: "REST version in the URI" },
  { field: "caCert", type: "string", doc: "PEM the SBC's certificate must chain to; without it, the system CAs" },
  { field: "insecure", type: "boolean", default: false, doc: "skip certificate verification (warns on every run); prefer caCert" },
  {
    field: "commit",
    type: "enum",
    values: ["activate", "save", "none"],
    default: "activate",
    doc: "after changes: `activate` (verify, save, activate), `save` (verify, save) or `none`",
  },
  {
    field: "discardStagedChanges",
    type: "boolean",
    default: false,
    doc: "discard what the SBC's editing configuration holds that is not running and that no interrupted run of this project staged (someone's unsaved edits), instead of stopping the run before it changes anything; they are listed in a warning and lost (see Changes staged but not running)",
  },
  // Just over a token's ten-minute life: an orphaned lock clears within it.
  { field: "lockTimeoutSeconds", ...SECONDS, default: 660, doc: "how long to wait for another user's configuration lock" },
  {
    field: "requestTimeoutSeconds",
    ...SECONDS,
    minExclusive: true,
    default: 30,
    doc: "no answer within this fails a request; repeatable requests are retried for twice as long",
  },
  {
    field: "confirm",
    type: "boolean",
    default: false,
    doc: "commit confirmed (activate mode): back up running before activate, run the health checks for `confirmWindowSeconds` after it, and restore the backup if one fails (see Commit confirmed)",
  },
  { field: "confirmWindowSeconds", ...SECONDS, default: 60, doc: "how long the SBC is watched after activate with `confirm`; every commit takes this much longer" },
  {
    field: "confirmReturnSeconds",
    ...SECONDS,
    default: 600,
    doc: "how long after the window an SBC that stopped answering may take to answer again and be rolled back; after that the error names the backup to restore by hand",
  },
  { field: "keepBackup", type: "boolean", default: false, doc: "with `confirm`, keep the backup file on the SBC after a change passes its checks (it is removed otherwise)" },
  {
    field: "healthChecks",
    type: "checks",
    doc: "with `confirm`, besides the SBC answering with the same HA role: a list of `{kind: \"kpi\", type, kpi, min?, max?, minRatio?, notCollapsed?}` and `{kind: \"http\", url, timeoutSeconds?}` (JSON in stack config and env)",
  },
  {
    field: "sdmUrl",
    type: "string",
    pattern: /^https?:\/\/[^/]+/,
    shape: "be the SDM's base URL such as https://sdm.example.net:8443",
    doc: "SDM's base URL, e.g. `https://sdm.example.net:8443`; setting it turns SDM coordination on",
  },
  { field: "sdmUsername", type: "string", required: true, doc: "an SDM user allowed to lock the device" },
  { field: "sdmPassword", type: "string", required: true, secret: true, doc: "its password" },
  { field: "sdmDeviceName", type: "string", doc: "the SBC's device name in SDM's inventory, looked up once per run (this or deviceId required with a url)" },
  { field: "sdmDeviceId", type: "string", doc: "the SBC's device id in SDM's inventory (this or deviceName required with a url)" },
  // SDM's client default (client/sdm/sdmClient.ts DEFAULT_SDM_API_VERSION), as for apiVersion.
  { field: "sdmApiVersion", type: "string", default: "v1.3", ...API_VERSION, doc: "SDM REST version in the URI" },
  { field: "sdmCaCert", type: "string", doc: "PEM SDM's certificate must chain to; without it, the system CAs" },
  { field: "sdmInsecure", type: "boolean", default: false, doc: "skip certificate verification towards SDM (warns on every run); prefer caCert" },
] as const satisfies readonly SettingRow[];

type Row = (typeof SETTING_ROWS)[number];
export type SettingField = Row["field"];

type ValueOf<R> = R extends { type: "boolean" } ? boolean
  : R extends { type: "number" } ? number
  : R extends { type: "checks" } ? HealthCheck[]
  : R extends { values: readonly (infer V)[] } ? V
  : string;

/** What the SBC does after a lock session's changes. */
export type CommitMode = Extract<Row, { field: "commit" }>["values"][number];

/** Connection settings as a program writes them, flat (all optional: config and env fill gaps). */
export type ConnectionSettings = { [R in Row as R["field"]]?: ValueOf<R> };

/** A row with the names derived from its field. */
export interface Setting extends SettingRow {
  readonly field: SettingField;
  /** `sdm` for the settings of the SDM that manages the SBC, in `connection.sdm`. */
  readonly group: "sbc" | "sdm";
  /** The name inside `connection` or `connection.sdm`: `sdmUrl` → `url`. */
  readonly name: string;
  readonly configKey: string;
  readonly env: string;
  /** Where a program writes it on a resource: `connection.host`, `connection.sdm.url`. */
  readonly resourcePath: string;
}

function derive(row: SettingRow & { field: SettingField }): Setting {
  const sdm = /^sdm([A-Z])(.*)$/.exec(row.field);
  const name = sdm ? sdm[1].toLowerCase() + sdm[2] : row.field;
  return {
    ...row,
    group: sdm ? "sdm" : "sbc",
    name,
    configKey: `sbc:${row.field}`,
    env: `SBC_${row.field.replace(/[A-Z]/g, "_$&").toUpperCase()}`,
    resourcePath: sdm ? `connection.sdm.${name}` : `connection.${name}`,
  };
}

export const SETTINGS: readonly Setting[] = SETTING_ROWS.map(derive);

export const SETTING: Readonly<Record<SettingField, Setting>> = Object.fromEntries(SETTINGS.map((s) => [s.field, s])) as Record<SettingField, Setting>;

export const CONFIG_KEYS = Object.fromEntries(SETTINGS.map((s) => [s.field, s.configKey])) as Readonly<Record<SettingField, string>>;
