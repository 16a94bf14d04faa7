/**
 * An SBC of a release newer than the catalog, for what an export, a take-over and a drift check
 * must carry beyond it: the built-in catalog's types with attributes and a sub-element type they
 * lack added (realm-config, sip-interface and its sip-port), element types the catalog lacks (one
 * naming a realm, one naming those, one single-instance), and elements on the SBC that use all of
 * it, with a secret in an extra attribute and one in a type the catalog lacks. The emulator serves
 * this catalog as its metadata, as the SBC of that release would describe itself.
 */
import { builtinCatalog, Catalog } from "../../../client/catalog/catalog";
import { AttributeSpec, ElementTypeSpec } from "../../../client/catalog/schema";
import { ConfigElement } from "../../../client/types";
import { EmulatorHandle } from "../../../emulator";

export const NEWER_REALM_SECRET = "N3wer-vendor-key";
export const NEWER_NORMALIZATION_SECRET = "N0rmalization-key";

const attr = (name: string, more: Partial<AttributeSpec> = {}): AttributeSpec => ({ name, help: `${name} (a newer release's)`, valueType: "string", defaultValue: "", ...more });

/** What realm-config gains. */
const REALM_EXTRAS: AttributeSpec[] = [
  attr("rtcp-mux-policy", { valueType: "enum", validValues: ["negotiate", "require"], defaultValue: "negotiate" }),
  attr("codec-policy-list", { multiValued: true, defaultValue: [] }),
  attr("vendor-key", { secret: true }),
];

const RECURSION: ElementTypeSpec = {
  name: "sip-recursion-policy",
  description: "How a SIP interface recurses on 3xx (a newer release's)",
  singleton: false,
  attributes: [attr("name", { key: true, required: true, defaultValue: undefined }), attr("max-recursions", { valueType: "integer", defaultValue: "3" })],
};

/** Types the catalog lacks. */
export const NEWER_TYPES: ElementTypeSpec[] = [
  {
    name: "number-normalization",
    description: "Number translation rules for a realm (a newer release's)",
    singleton: false,
    attributes: [
      attr("id", { key: true, required: true, defaultValue: undefined }),
      attr("realm-id", { references: [{ elementType: "realm-config", attribute: "identifier" }] }),
      attr("key-material", { secret: true }),
      attr("priority", { valueType: "integer", defaultValue: "0" }),
    ],
    subElements: [{ name: "rule", description: "One rule", singleton: false, attributes: [attr("name", { key: true, required: true, defaultValue: undefined }), attr("pattern")] }],
  },
  {
    name: "normalization-set",
    description: "Number normalizations applied together (a newer release's)",
    singleton: false,
    attributes: [attr("name", { key: true, required: true, defaultValue: undefined }), attr("normalizations", { multiValued: true, defaultValue: [], references: [{ elementType: "number-normalization", attribute: "id" }] })],
  },
  {
    name: "telemetry-config",
    description: "Where the SBC streams telemetry (a newer release's)",
    singleton: true,
    attributes: [attr("collector"), attr("interval", { valueType: "integer", defaultValue: "60" })],
  },
];

function widened(spec: ElementTypeSpec): ElementTypeSpec {
  if (spec.name === "realm-config") return { ...spec, attributes: [...spec.attributes, ...REALM_EXTRAS] };
  if (spec.name !== "sip-interface") return spec;
  const subElements = (spec.subElements ?? []).map((sub) =>
    sub.name === "sip-port" ? { ...sub, attributes: [...sub.attributes, attr("tls-ticket-lifetime", { valueType: "integer", defaultValue: "300" })] } : sub,
  );
  return { ...spec, subElements: [...subElements, RECURSION] };
}

/** The newer release's catalog: the built-in one widened, and the types it lacks. */
export function newerReleaseCatalog(): Catalog {
  return new Catalog(() => [...builtinCatalog.types().map(widened), ...NEWER_TYPES]);
}

const el = (elementType: string, attributes: ConfigElement["attributes"], subElements: ConfigElement[] = []): ConfigElement => ({ elementType, attributes, subElements });

const AUTHOR = { user: "admin", address: "console" };

/**
 * On an emulator started with newerReleaseCatalog() and a seed holding realm `core` and its SIP
 * interface: the newer release's attributes, sub-elements and elements, activated as an engineer
 * would. Returns how many elements it added.
 */
export function useNewerRelease(sbc: EmulatorHandle): number {
  const store = sbc.sbc.store;
  store.update(el("realm-config", { identifier: "core", "rtcp-mux-policy": "require", "codec-policy-list": ["PCMU", "G722"], "vendor-key": NEWER_REALM_SECRET }), AUTHOR);
  const sipInterface = store.stores.editing.get("sip-interface")!.find((e) => e.attributes["realm-id"] === "core")!;
  const [first, ...others] = sipInterface.subElements.filter((s) => s.elementType === "sip-port");
  const ports = [{ ...first, attributes: { ...first.attributes, "tls-ticket-lifetime": "600" } }, ...others];
  store.update(el("sip-interface", { "realm-id": "core" }, [...ports, el("sip-recursion-policy", { name: "carrier-3xx", "max-recursions": "5" })]), AUTHOR);
  const added = [
    el("number-normalization", { id: "to-e164", "realm-id": "core", "key-material": NEWER_NORMALIZATION_SECRET }, [el("rule", { name: "national", pattern: "^0" }), el("rule", { name: "plus" })]),
    el("normalization-set", { name: "inbound", normalizations: ["to-e164"] }),
    el("telemetry-config", { collector: "198.51.100.99" }),
  ];
  for (const element of added) store.create(element, AUTHOR);
  store.copy("editing", "saved");
  store.copy("editing", "running");
  return added.length;
}
