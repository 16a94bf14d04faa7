/**
 * `ConfigElement`: any SBC configElement as a Pulumi resource, over the one dynamic provider.
 * Each element type registers its own type token (`sbc:RealmConfig` →
 * `pulumi-nodejs:dynamic/sbc:RealmConfig`). The connection password is split off into its own
 * secret input (`connectionPassword`) and declared a secret output, so state never holds it in
 * plain text and `__provider` never holds it at all; the SDM password likewise (`sdmPassword`).
 * The nested `connection.sdm` travels flattened (`sdmUrl`, …), as stack config and env name it.
 * Attributes marked secret travel apart likewise, in the secret `secretAttributes`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Attributes, AttributeValue, KeyValues } from "../../client/types";
import { CommitMode, ConnectionSettings, SETTINGS } from "../core/connection/connectionSettings";
import { typeNameOf } from "../core/elements/argNames";
import { SubElementInput } from "../core/elements/elementState";
import { HealthCheck } from "../core/connection/healthChecks";
import { isPlain } from "./plainValues";
import { catalogSecretNames, catalogSubElementsHoldSecrets, splitAttributes } from "../core/elements/secretAttributes";
import * as serializedProvider from "./serializedProvider";
import { ProgramError } from "./programError";
import { refusePlainPasswords } from "./stackConfigSecrets";

/**
 * Connection settings; each falls back to stack config (`sbc:*`) and then `SBC_*` environment
 * variables. Meanings and defaults: docs/connection.md (generated from
 * provider/core/connection/connectionSettings.ts, whose rows tests/connectionSettings.test.ts holds these fields to).
 */
export interface ConnectionArgs {
  host?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  /** Kept secret in state; prefer stack config `sbc:password` (set with --secret). */
  password?: pulumi.Input<string>;
  apiVersion?: pulumi.Input<string>;
  insecure?: pulumi.Input<boolean>;
  caCert?: pulumi.Input<string>;
  commit?: pulumi.Input<CommitMode>;
  /** Changes staged by someone else: README, "Changes staged but not running". */
  discardStagedChanges?: pulumi.Input<boolean>;
  lockTimeoutSeconds?: pulumi.Input<number>;
  requestTimeoutSeconds?: pulumi.Input<number>;
  /** Commit confirmed: docs/commit-confirmed.md. */
  confirm?: pulumi.Input<boolean>;
  confirmWindowSeconds?: pulumi.Input<number>;
  confirmReturnSeconds?: pulumi.Input<number>;
  keepBackup?: pulumi.Input<boolean>;
  healthChecks?: pulumi.Input<HealthCheck[]>;
  /** The Session Delivery Manager that manages this SBC: each lock session then also holds SDM's device lock. */
  sdm?: pulumi.Input<SdmConnectionArgs>;
}

/** Each field falls back to stack config (`sbc:sdmUrl`, …) and then `SBC_SDM_*` environment variables; docs/sdm.md. */
export interface SdmConnectionArgs {
  url?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  /** Kept secret in state; prefer stack config `sbc:sdmPassword` (set with --secret). */
  password?: pulumi.Input<string>;
  deviceId?: pulumi.Input<string>;
  deviceName?: pulumi.Input<string>;
  apiVersion?: pulumi.Input<string>;
  caCert?: pulumi.Input<string>;
  insecure?: pulumi.Input<boolean>;
}

type ResolvedConnectionArgs = pulumi.Unwrap<ConnectionArgs>;

/** The SDM settings the provider receives in the clear, under their flat names (`url` → `sdmUrl`). */
const PUBLIC_SDM_SETTINGS = SETTINGS.filter((s) => s.group === "sdm" && !s.secret);

/** The connection as the provider receives it: flat, without either password. */
function publicSettings({ password: _password, sdm, ...rest }: ResolvedConnectionArgs): ConnectionSettings {
  if (!sdm) return rest;
  const flat = Object.fromEntries(PUBLIC_SDM_SETTINGS.map((s) => [s.field, sdm[s.name as keyof typeof sdm]]));
  return { ...rest, ...flat };
}

export interface SubElementArgs {
  elementType: pulumi.Input<string>;
  attributes?: pulumi.Input<Record<string, pulumi.Input<AttributeValue>>>;
  subElements?: pulumi.Input<pulumi.Input<SubElementArgs>[]>;
}

export interface ConfigElementArgs {
  /** The SBC element type, e.g. `realm-config`. */
  elementType: string;
  /** Attribute name (kebab-case, as on the SBC) → value, or list of values for a multi-valued attribute. */
  attributes?: pulumi.Input<Record<string, pulumi.Input<AttributeValue | pulumi.Input<string>[]>>>;
  /** The element's sub-elements (e.g. sip-port in sip-interface); when given, the list is managed whole. */
  subElements?: pulumi.Input<pulumi.Input<SubElementArgs>[]>;
  /** Take over an existing element with the same key (PUT of the given attributes) instead of failing. */
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ConnectionArgs>;
  /** Attributes to keep secret besides those the catalog marks (a class generated from an SBC's metadata names them). */
  secretAttributeNames?: string[];
  /**
   * What a typed class knows to keep secret, from the catalog it was generated from: its secret
   * attributes, and whether its sub-elements hold secrets. Given, the catalog is not read in the
   * program's process.
   */
  secrets?: { attributes: string[]; subElements: boolean };
}

/**
 * The connection split into its public part and its two secret passwords. A connection written as
 * plain values (the usual case) is split directly: every Output costs the program a captured stack
 * trace, and a fleet registers hundreds of elements.
 */
function connectionInputs(input: ConfigElementArgs["connection"]): pulumi.Inputs {
  if (input === undefined) return {};
  if (isPlain(input)) {
    const plain = input as ResolvedConnectionArgs;
    const inputs: pulumi.Inputs = { connection: publicSettings(plain) };
    if (plain.password !== undefined) inputs.connectionPassword = pulumi.secret(plain.password);
    if (plain.sdm?.password !== undefined) inputs.sdmPassword = pulumi.secret(plain.sdm.password);
    return inputs;
  }
  const connection = pulumi.output(input);
  return {
    connection: pulumi.unsecret(connection.apply(publicSettings)),
    connectionPassword: pulumi.secret(connection.apply((c) => c.password)),
    sdmPassword: pulumi.secret(connection.apply((c) => c.sdm?.password)),
  };
}

/**
 * The attributes split into the public ones and the secret ones, a secret input of their own. A
 * plain map (the usual case) is split directly, without Outputs, as for the connection.
 */
function attributeInputs(input: NonNullable<ConfigElementArgs["attributes"]>, secretNames: readonly string[]): pulumi.Inputs {
  if (secretNames.length === 0) return { attributes: input };
  if (isPlain(input)) {
    const { attributes, secret } = splitAttributes(input as Attributes, secretNames);
    return { attributes, secretAttributes: secret && pulumi.secret(secret) };
  }
  const all = pulumi.output(input) as pulumi.Output<Attributes>;
  return {
    attributes: all.apply((a) => splitAttributes(a, secretNames).attributes),
    secretAttributes: pulumi.secret(all.apply((a) => splitAttributes(a, secretNames).secret)),
  };
}

/** The outputs that hold secrets, each copied from an input of the same name. */
const SECRET_OUTPUTS = ["connectionPassword", "sdmPassword", "secretAttributes"];

export class ConfigElement extends pulumi.dynamic.Resource {
  /** The element type. */
  declare readonly elementType: pulumi.Output<string>;
  /** The attributes the program sets, as the SBC returned them, but for the secret ones (docs/state.md). */
  declare readonly attributes: pulumi.Output<Record<string, AttributeValue>>;
  /** The secret attributes the program sets, as the SBC returned them: a Pulumi secret; undefined when there are none. */
  declare readonly secretAttributes?: pulumi.Output<Record<string, AttributeValue> | undefined>;
  /** The sub-elements as the SBC returned them, when the program manages them; else undefined. */
  declare readonly subElements: pulumi.Output<SubElementInput[] | undefined>;
  /** The key attributes that identify the element on the SBC. */
  declare readonly key: pulumi.Output<KeyValues>;

  constructor(name: string, args: ConfigElementArgs, opts: pulumi.CustomResourceOptions = {}) {
    if (typeof args.elementType !== "string" || args.elementType === "") {
      throw new ProgramError(`ConfigElement ${name}: elementType must be a plain string such as "realm-config" (it names the resource type)`);
    }
    refusePlainPasswords();
    const typeName = typeNameOf(args.elementType);
    const secrets = args.secrets ?? { attributes: catalogSecretNames(args.elementType), subElements: catalogSubElementsHoldSecrets(args.elementType) };
    // Only the outputs a program reads are declared: each costs the SDK a promise per resource.
    const props: pulumi.Inputs = {
      elementType: args.elementType,
      ...attributeInputs(args.attributes ?? {}, [...new Set([...secrets.attributes, ...(args.secretAttributeNames ?? [])])]),
      // A secret attribute of a sub-element makes the whole list secret: secrecy is per top-level property.
      subElements: secrets.subElements && args.subElements !== undefined ? pulumi.secret(args.subElements) : args.subElements,
      ...(args.adopt === undefined ? {} : { adopt: args.adopt }),
      ...connectionInputs(args.connection),
      // The URN's tail: the provider gets no URN, and needs to tell two resources from one.
      owner: `sbc:${typeName}::${name}`,
      key: undefined,
    };
    // The module's own exports, one object for every resource: serialized as a `require` of it.
    super(serializedProvider as pulumi.dynamic.ResourceProvider, name, props, {
      ...opts,
      // Only those this resource has: the engine stores the list with every resource, in every checkpoint.
      additionalSecretOutputs: [
        ...(opts.additionalSecretOutputs ?? []),
        ...SECRET_OUTPUTS.filter((output) => props[output] !== undefined),
        ...(secrets.subElements && props.subElements !== undefined ? ["subElements"] : []),
      ],
    }, "sbc", typeName);
  }
}
