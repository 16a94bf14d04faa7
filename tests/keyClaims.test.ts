/**
 * Which resource of a run declares which element: the fast check of what the real-CLI lifecycle
 * e2e proves end to end (two claimants fail the preview; a delete of a still-declared element is
 * skipped). Each test uses its own SBC host, as the registry is per process.
 */
import { builtinCatalog } from "../client/catalog/catalog";
import { claimant, claimKey, contention } from "../provider/core/elements/keyClaims";

const realm = builtinCatalog.get("realm-config")!;
const ntp = builtinCatalog.get("ntp-config")!;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

test("a second resource declaring the same element is refused, naming both, and the element is contested for both", () => {
  const host = "sbc-a.example.net";
  expect(claimKey({ host, spec: realm, attributes: { identifier: "core" }, owner: "sbc:RealmConfig::a" })).toBeUndefined();
  expect(claimKey({ host, spec: realm, attributes: { identifier: "core" }, owner: "sbc:RealmConfig::a" })).toBeUndefined();
  const reason = claimKey({ host, spec: realm, attributes: { identifier: "core" }, owner: "sbc:RealmConfig::b" });
  expect(reason).toBe(
    "realm-config [identifier=core] on https://sbc-a.example.net is declared by two resources, sbc:RealmConfig::a and sbc:RealmConfig::b; " +
      "an element can have one owner: remove one of them, or give one another key",
  );
  expect(contention(host, realm, { identifier: "core" })).toBe(reason);
  expect(contention(host, realm, { identifier: "edge" })).toBeUndefined();
});

test("the same key on another SBC, an unknown key and an unknown host are no clash", () => {
  expect(claimKey({ host: "sbc-b1.example.net", spec: ntp, attributes: {}, owner: "sbc:NtpConfig::one" })).toBeUndefined();
  expect(claimKey({ host: "https://sbc-b2.example.net:443", spec: ntp, attributes: {}, owner: "sbc:NtpConfig::two" })).toBeUndefined();
  expect(claimKey({ host: "sbc-b1.example.net", spec: realm, attributes: { identifier: UNKNOWN }, owner: "x" })).toBeUndefined();
  expect(claimKey({ host: UNKNOWN, spec: realm, attributes: { identifier: "core" }, owner: "y" })).toBeUndefined();
  expect(claimant("sbc-b1.example.net", realm, { identifier: "core" })).toBeUndefined();
});

test("the claimant of an element is found whatever form the host is written in", () => {
  claimKey({ host: "sbc-c.example.net", spec: realm, attributes: { identifier: "core" }, owner: "sbc:RealmConfig::renamed" });
  expect(claimant("https://sbc-c.example.net", realm, { identifier: "core" })).toBe("sbc:RealmConfig::renamed");
  expect(claimant("sbc-c.example.net", realm, { identifier: "gone" })).toBeUndefined();
});

test("a second resource declaring a single-instance element is told the SBC has one, not to change a key it does not have", () => {
  const classProfile = builtinCatalog.get("class-profile")!;
  const host = "sbc-d.example.net";
  expect(claimKey({ host, spec: classProfile, attributes: {}, owner: "sbc:ClassProfile::a" })).toBeUndefined();
  expect(claimKey({ host, spec: classProfile, attributes: {}, owner: "sbc:ClassProfile::b" })).toBe(
    "class-profile on https://sbc-d.example.net is declared by two resources, sbc:ClassProfile::a and sbc:ClassProfile::b; " +
      "class-profile is single-instance (an SBC has exactly one): declare it in one resource and remove the other",
  );
});
