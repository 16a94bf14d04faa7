/**
 * The native plugin's schema (provider/native/schema.ts): generated from the element-type catalog
 * and the connection settings table, committed as provider/native/schema.json (stale → fail), in
 * the typed classes' names, with keys required, enums, ranges and secrets where the catalog has them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { SETTINGS } from "../provider/core/connection/connectionSettings";
import { subElementTypeNames, typeNameOf } from "../provider/core/elements/argNames";
import { buildSchema, schemaText } from "../provider/native/schema";
import { PLUGIN_VERSION } from "../provider/native/version";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const schema = buildSchema(builtinCatalog.types(), PLUGIN_VERSION) as Json;

test("provider/native/schema.json is what the catalog generates now (run `npm run gen:schema` after changing the catalog)", () => {
  const committed = fs.readFileSync(path.join(__dirname, "..", "provider", "native", "schema.json"), "utf8");
  expect(committed).toBe(schemaText(builtinCatalog.types(), PLUGIN_VERSION));
});

test("every catalog type is a resource sbc:index:<Type>, and every sub-element type an object type; ConfigElement takes any other", () => {
  expect(Object.keys(schema.resources).sort()).toEqual([...builtinCatalog.types().map((t) => `sbc:index:${typeNameOf(t.name)}`), "sbc:index:ConfigElement"].sort());
  expect(schema.resources["sbc:index:ConfigElement"].requiredInputs).toEqual(["elementType"]);
  expect(schema.resources["sbc:index:ConfigElement"].inputProperties.attributes).toMatchObject({ type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } });
  expect(schema.resources["sbc:index:ConfigElement"].inputProperties.subElements).toMatchObject({ type: "array", items: { $ref: "#/types/sbc:index:SubElement" } });
  // The 0.1.x types keep their tokens.
  for (const t of ["AccessControl", "CertificateRecord", "HostRoute", "LocalPolicy", "MediaManager", "NetworkInterface", "NtpConfig", "PhyInterface", "RealmConfig",
    "SessionAgent", "SessionGroup", "SipConfig", "SipInterface", "SipManipulation", "SteeringPool", "SystemConfig", "TlsProfile"]) {
    expect(schema.resources).toHaveProperty([`sbc:index:${t}`]);
  }
  const subTypes = [...subElementTypeNames(builtinCatalog.types()).values()].map((n) => `sbc:index:${n}`);
  expect(subTypes.every((token) => schema.types[token]?.type === "object")).toBe(true);
  // Port 5060 is the SBC's default, so the port need not be given: address and transport identify a port with it.
  expect(schema.types["sbc:index:SipPort"]).toMatchObject({ type: "object", required: ["address"] });
  expect(schema.types["sbc:index:PolicyAttribute"].properties.nextHop.type).toBe("string");
});

test("every typed resource and sub-element type takes extraAttributes and extraSubElements for what the catalog does not list", () => {
  const typed: [string, Json][] = [...(Object.entries(schema.resources) as [string, Json][]).filter(([t]) => t !== "sbc:index:ConfigElement"), ...(Object.entries(schema.types) as [string, Json][]).filter(([, t]) => t.type === "object" && t !== schema.types["sbc:index:SubElement"])];
  for (const [token, t] of typed) {
    const props = (t.inputProperties ?? t.properties) as Json;
    expect([token, props.extraAttributes?.additionalProperties]).toEqual([token, { $ref: "pulumi.json#/Any" }]);
    expect([token, props.extraSubElements?.items]).toEqual([token, { $ref: "#/types/sbc:index:SubElement" }]);
  }
});

test("a sub-element type whose name another of another shape has is named after its parent too", () => {
  expect(schema.types["sbc:index:SipManipulationHeaderRule"]).toMatchObject({ type: "object" });
  expect(schema.types["sbc:index:RuleSetHeaderRule"]).toMatchObject({ type: "object" });
  expect(schema.types["sbc:index:HeaderRule"]).toBeUndefined();
});

test("properties carry the typed classes' camelCase names, types, documentation, keys and enums", () => {
  const realm = schema.resources["sbc:index:RealmConfig"];
  expect(realm.required).toEqual(["identifier"]);
  expect(realm.requiredInputs).toEqual(["identifier"]);
  expect(realm.inputProperties.identifier.description).toMatch(/key attribute: changing it replaces the element/);
  expect(realm.inputProperties.adopt).toMatchObject({ type: "boolean" });
  expect(realm.properties.adopt).toBeUndefined();
  expect(realm.inputProperties.mmInRealm.$ref).toBe("#/types/sbc:index:RealmConfigMmInRealm");
  expect(schema.types["sbc:index:RealmConfigMmInRealm"].enum).toEqual([{ name: "Enabled", value: "enabled" }, { name: "Disabled", value: "disabled" }]);

  const sip = schema.resources["sbc:index:SipInterface"];
  expect(sip.inputProperties.sipPorts).toMatchObject({ type: "array", items: { $ref: "#/types/sbc:index:SipPort" } });
  expect(schema.types["sbc:index:SipPort"].properties.port).toMatchObject({ type: "integer" });
  expect(schema.types["sbc:index:SipPort"].properties.port.description).toMatch(/range 1–65535/);

  const policy = schema.resources["sbc:index:LocalPolicy"];
  expect(policy.requiredInputs).toEqual(["fromAddress", "toAddress"]);
  expect(policy.inputProperties.fromAddress).toMatchObject({ type: "array", items: { type: "string" } });
});

test("secret attributes are marked secret, and a sub-element list whose items hold one", () => {
  expect(schema.resources["sbc:index:SnmpUserEntry"].properties.authPassword).toMatchObject({ secret: true });
  expect(schema.resources["sbc:index:NtpConfig"].properties.authServers).toMatchObject({ secret: true });
  expect(schema.types["sbc:index:AuthServers"].properties.keyAttribute).toMatchObject({ secret: true });
  expect(schema.resources["sbc:index:RealmConfig"].properties.identifier.secret).toBeUndefined();
});

test("the provider's config and explicit Provider inputs are the settings table's rows, passwords secret", () => {
  const fields = SETTINGS.map((s) => s.field);
  expect(Object.keys(schema.config.variables)).toEqual(fields);
  expect(Object.keys(schema.provider.inputProperties)).toEqual(fields);
  expect(schema.config.variables.password).toMatchObject({ type: "string", secret: true });
  expect(schema.config.variables.sdmPassword).toMatchObject({ type: "string", secret: true });
  expect(schema.config.variables.insecure).toMatchObject({ type: "boolean" });
  expect(schema.config.variables.lockTimeoutSeconds).toMatchObject({ type: "number" });
  expect(schema.config.variables.commit.description).toMatch(/one of `activate`, `save`, `none`; default `activate`/);
  expect(schema.config.variables.host.description).toMatch(/SBC_HOST/);
});
