/**
 * The connection settings table (provider/core/connection/connectionSettings.ts) is the one place a setting is
 * written: these tests hold the guides' tables (docs/connection.md, docs/sdm.md), the hand-written ConnectionArgs types and the
 * SDK clients' defaults to it, and check that parsing and validation follow its types.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_API_VERSION } from "../client/client";
import { DEFAULT_SDM_API_VERSION } from "../client/sdm/sdmClient";
import { ConnectionArgs, SdmConnectionArgs } from "../provider/dynamic/configElement";
import { resolveConnection, settingsFromConfig, settingsFromEnv, settingsProblems } from "../provider/core/connection/connection";
import { ConnectionSettings, SETTING, SettingField, SETTINGS } from "../provider/core/connection/connectionSettings";
import { withSettingsTables } from "../scripts/settings-tables";
import { guidePages } from "../tools/docs/guidePages";

// Compile-time checks (npm test's typecheck fails on them): ConnectionArgs and SdmConnectionArgs
// have exactly the table's fields, with the table's value types.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type SbcField = Exclude<SettingField, `sdm${string}`>;
type SdmName<F = SettingField> = F extends `sdm${infer Name}` ? Uncapitalize<Name> : never;
type SdmSettings = { [F in SettingField as SdmName<F>]-?: Exclude<ConnectionSettings[F], undefined> };
type Unwrapped<T> = { [K in keyof T]-?: Exclude<pulumi.Unwrap<T[K]>, undefined> };
const sbcFieldsMatch: Equal<Unwrapped<Omit<ConnectionArgs, "sdm">>, Required<Pick<ConnectionSettings, SbcField>>> = true;
const sdmFieldsMatch: Equal<Unwrapped<SdmConnectionArgs>, SdmSettings> = true;

const ROOT = path.join(__dirname, "..");
const PAGES = new Map(guidePages(ROOT).map((page) => [page, fs.readFileSync(path.join(ROOT, page), "utf8")]));

test("the guides' settings tables are the ones the table generates (npm run docs:settings)", () => {
  expect(PAGES.get(path.join("docs", "connection.md"))).toContain("<!-- settings-table: sbc -->");
  expect(PAGES.get(path.join("docs", "sdm.md"))).toContain("<!-- settings-table: sdm -->");
  for (const [page, text] of PAGES) expect({ page, text: withSettingsTables(text) }).toEqual({ page, text });
  const all = [...PAGES.values()].join("\n");
  for (const setting of SETTINGS) expect(all).toContain(`| \`${setting.configKey}\` | \`${setting.env}\` | \`${setting.name}\` |`);
});

test("ConnectionArgs and SdmConnectionArgs have the table's fields (checked by the typecheck)", () => {
  expect([sbcFieldsMatch, sdmFieldsMatch]).toEqual([true, true]);
});

test("the table's API version defaults are the clients' own", () => {
  expect(SETTING.apiVersion.default).toBe(DEFAULT_API_VERSION);
  expect(SETTING.sdmApiVersion.default).toBe(DEFAULT_SDM_API_VERSION);
});

test("names derive from the field: sbc:<field>, SBC_<FIELD>, connection.sdm.<name>", () => {
  expect(SETTING.lockTimeoutSeconds).toMatchObject({ configKey: "sbc:lockTimeoutSeconds", env: "SBC_LOCK_TIMEOUT_SECONDS", resourcePath: "connection.lockTimeoutSeconds" });
  expect(SETTING.sdmDeviceId).toMatchObject({ configKey: "sbc:sdmDeviceId", env: "SBC_SDM_DEVICE_ID", resourcePath: "connection.sdm.deviceId", group: "sdm" });
  expect(SETTINGS.filter((s) => s.secret).map((s) => s.configKey)).toEqual(["sbc:password", "sbc:sdmPassword"]);
});

test("strings from env and stack config are parsed by each setting's type", () => {
  const env = { SBC_INSECURE: "yes", SBC_SDM_INSECURE: "0", SBC_LOCK_TIMEOUT_SECONDS: "12", SBC_COMMIT: "save", SBC_HOST: "sbc1", SBC_SDM_DEVICE_NAME: "" };
  expect(settingsFromEnv(env)).toEqual({ insecure: true, sdmInsecure: false, lockTimeoutSeconds: 12, commit: "save", host: "sbc1" });
  const config: Record<string, string> = { "sbc:requestTimeoutSeconds": "5", "sbc:sdmUrl": "https://sdm:8443" };
  expect(settingsFromConfig((key) => config[key])).toEqual({ requestTimeoutSeconds: 5, sdmUrl: "https://sdm:8443" });
  expect(() => settingsFromEnv({ SBC_SDM_INSECURE: "maybe" })).toThrow('SBC_SDM_INSECURE must be true or false, got "maybe"');
});

test("values of the wrong type or shape are problems named by field", () => {
  const settings = { insecure: "true", requestTimeoutSeconds: 0, lockTimeoutSeconds: 0, commit: "later", host: " ", sdmUrl: 8443 } as unknown as ConnectionSettings;
  expect(settingsProblems(settings)).toEqual([
    { field: "host", reason: 'must not be empty; got " "' },
    { field: "insecure", reason: 'must be true or false; got "true"' },
    { field: "commit", reason: 'must be one of activate, save, none; got "later"' },
    { field: "requestTimeoutSeconds", reason: "must be a number > 0; got 0" },
    { field: "sdmUrl", reason: "must be a string; got 8443" },
  ]);
});

test("unset settings take the table's defaults", () => {
  expect(resolveConnection([{ host: "sbc1", username: "admin", password: "pw" }])).toEqual({
    host: "sbc1",
    username: "admin",
    password: "pw",
    apiVersion: "v1.1",
    insecure: false,
    commit: "activate",
    discardStagedChanges: false,
    lockTimeoutSeconds: 660,
    requestTimeoutSeconds: 30,
  });
});
