/**
 * How an exported program is spelled in one language. The element walk (program.ts) decides what
 * to write — which elements, which attributes, which values name another element, which are
 * secrets — and asks a Syntax how to write it: TypeScript through the dynamic provider's typed
 * classes (typescriptProgram.ts), Python through the generated pulumi_oracle_sbc SDK (pythonProgram.ts),
 * YAML through the native plugin's schema (yamlProgram.ts). Property names come in as the typed
 * classes' and the schema's camelCase (argNames.ts).
 */
import { AttributeValue } from "../../client/types";

/** A secret attribute's value, to be set in stack config with `pulumi config set --secret`. */
export interface SecretSetting {
  key: string;
  value: AttributeValue;
}

/** An exported resource, as the walk hands it to the syntax. */
export interface RenderedResource {
  /** The typed class (`RealmConfig`), the schema's resource type name. */
  className: string;
  resourceName: string;
  variable: string;
  /** Written properties: [name in this syntax, value expression]. */
  entries: [string, string][];
  /** Whether another resource refers to this one (and so needs a variable). */
  referenced: boolean;
  /** Declared with `protect: true`. */
  protect: boolean;
  /** Variables of the resources it names by a string the language cannot make an output of (a generic resource's key): it waits for them. */
  dependsOn: string[];
  /** The variable of the explicit provider it uses (a fleet's SBC, in Python and YAML); none: the default provider. */
  provider?: string;
}

export interface Syntax {
  /** The name of a typed class's property (camelCase in) in this language. */
  property(camelName: string): string;
  /** The variable of a resource, from its resource name (`realm_core`). */
  variable(resourceName: string): string;
  string(value: string): string;
  integer(value: string): string;
  boolean(value: boolean): string;
  /** A multi-valued attribute's values. */
  values(items: string[]): string;
  /** A list of sub-elements. */
  subElements(items: string[]): string;
  /** One typed sub-element of the type `typeName` (`SipPort`). */
  subElement(typeName: string, entries: [string, string][]): string;
  /** A map keyed by the SBC's attribute names (`extraAttributes`, a generic sub-element's `attributes`); an entry named "" is spread in. */
  map(entries: [string, string][]): string;
  /** A generic resource's `attributes`: a map as above, laid out for a top-level property. */
  attributes(entries: [string, string][]): string;
  /** A generic sub-element (`{ elementType, attributes, subElements }`), its entries named as the schema names them. */
  record(entries: [string, string][]): string;
  /** The generic resource's entries naming its secret attributes, and whether its sub-elements hold secrets (where the language's generic class takes them). */
  genericSecrets(names: string[], subElements: boolean): [string, string][];
  /** Whether a generic resource's key can be named by its output (else a reference to it stays the key string, and the referrer waits for it). */
  genericKeyOutput: boolean;
  /** A typed resource's output (`realmCore.identifier`); `property` in this syntax. */
  output(variable: string, property: string): string;
  /** A key of several parts (or an integer one, or one behind a prefix) as one string: `name:subPortId`, `SAG:groupName`. */
  joined(parts: { variable: string; property: string }[], prefix?: string): string;
  /** A secret attribute's value, from stack config key `key`. */
  secret(key: string, multiValued: boolean): string;
  /** One resource, adopted. */
  resource(resource: RenderedResource): string;
  /** The whole program: its resources, each after those it names; `usesPulumi`: a joined key or a secret is among them; no header without an `origin`. */
  program(origin: string | undefined, resources: string[], secrets: readonly SecretSetting[], usesPulumi: boolean, protect: boolean): string;
}

/** The header every exported program opens with, as comment lines' text; none without an origin. */
export function headerLines(origin: string | undefined, protect: boolean): string[] {
  if (origin === undefined) return [];
  return [
    `Exported by sbc-export from the running configuration of ${origin}.`,
    "Every element is adopted (adopt: true): the first `pulumi up` takes it over as it is, changing nothing",
    "on the SBC. Attributes at their defaults are left out; secret attributes come from stack config.",
    ...protectionNote(protect),
  ];
}

/** The header's lines about protection. */
export function protectionNote(protect: boolean): string[] {
  return protect
    ? [
        "Every resource is protected (protect: true, as `pulumi import` marks what it imports): `pulumi destroy`,",
        "and an up that would delete or replace one, fail until `pulumi state unprotect` lifts it.",
      ]
    : [];
}

/** A fleet's SBC as an explicit provider of the native plugin: its variable, its resource name (the site's) and its settings. */
export interface FleetProvider {
  variable: string;
  name: string;
  /** [property in this language, expression]. */
  settings: [string, string][];
}

/** How a fleet program of the native plugin is laid out in one language (unrolledFleet.ts). */
export interface FleetLayout {
  /** The variable of a site's provider. */
  providerVariable(site: string): string;
  /** The value of the provider setting stack config holds as `sbc:<key>`, for every SBC alike. */
  sharedSetting(key: string, secret: boolean): string;
  /** The whole program: the header's lines, the providers, then every site's resources. */
  program(header: string[], providers: FleetProvider[], resources: string[], secrets: readonly SecretSetting[]): string;
}
