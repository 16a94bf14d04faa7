/**
 * Which resource of the running program declares which element of which SBC. The engine calls
 * Check for every resource the program registers, in every run, before it creates, updates or
 * deletes anything, and one provider process serves one run; so what Check saw is the program's
 * whole wish. Two uses:
 *
 * - one owner per element: a second resource that declares a key already declared fails at
 *   Check, in the preview, naming both resources;
 * - a delete of an element the program still declares is skipped. The engine replaces
 *   create-before-delete, so a replacement that keeps the key (`up --replace`, `replaceWith`, a
 *   rename without an alias, a host change that reaches the same box) would otherwise create
 *   (meeting the identical element) and then delete the very element the new resource holds.
 *
 * - an element that a change names by a plain string and that is not on the SBC yet, while
 *   every change the engine lets run waits, is made from what the program declares
 *   (session/referenceWaits.ts): declaredElement. The engine checks a resource only once one of
 *   its --parallel slots can take it, so this knows the elements checked so far.
 *
 * Process-wide like the coordinators (processWide.ts), so every copy of the provider agrees.
 */
import { toOrigin } from "../../../client/transport";
import { ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { Attributes, describeElement, KeyValues, valueList } from "../../../client/types";
import { containsUnknown } from "./elementState";
import { processWide } from "../processWide";

interface Claims {
  /** element identity (origin, type, key) → the resource that declares it. */
  owners: Map<string, string>;
  /** identities declared by two resources → why: neither may change the element in this run. */
  contested: Map<string, string>;
}

/** element identity → what its resource declares (Check's inputs). */
type Declarations = Map<string, { origin: string; spec: ElementTypeSpec; inputs: unknown }>;

function registry(): Claims {
  return processWide("keyClaims.v1", () => ({ owners: new Map(), contested: new Map() }));
}

function declarations(): Declarations {
  return processWide("keyClaims.declarations.v1", () => new Map());
}

function identity(origin: string, spec: ElementTypeSpec, key: KeyValues): string {
  return JSON.stringify([origin, spec.name, Object.entries(key).sort(([a], [b]) => a.localeCompare(b))]);
}

export interface Claim {
  host: string;
  spec: ElementTypeSpec;
  attributes: Record<string, unknown>;
  owner: string;
  /** The resource's inputs as Check received them. */
  inputs?: unknown;
}

/**
 * Records that `owner` declares this element; returns why not when another resource already
 * does — and then the element is contested: the other resource, whose Check passed first, may
 * not change it either (contention). Elements whose host or key is not known yet (preview) are
 * not recorded.
 */
export function claimKey({ host, spec, attributes, owner, inputs }: Claim): string | undefined {
  const key = keyOf(spec, attributes as never);
  if (containsUnknown(host) || containsUnknown(key)) return undefined;
  const origin = toOrigin(host);
  const id = identity(origin, spec, key);
  const { owners, contested } = registry();
  const holder = owners.get(id);
  if (holder !== undefined && holder !== owner) {
    const [first, second] = [holder, owner].sort();
    const reason =
      `${describeElement(spec.name, key)} on ${origin} is declared by two resources, ${first} and ${second}; ` +
      "an element can have one owner: remove one of them, or give one another key";
    contested.set(id, reason);
    return reason;
  }
  owners.set(id, owner);
  if (inputs !== undefined) declarations().set(id, { origin, spec, inputs });
  return undefined;
}

/**
 * The one element of this run's program on `host` of `elementType` whose `attribute` holds
 * `value`, with its inputs; undefined when none, or when two resources declare it.
 */
export function declaredElement(host: string, elementType: string, attribute: string, value: string): { spec: ElementTypeSpec; inputs: unknown } | undefined {
  const origin = toOrigin(host);
  const { contested } = registry();
  for (const [id, declared] of declarations()) {
    if (declared.origin !== origin || declared.spec.name !== elementType || contested.has(id)) continue;
    const held = (declared.inputs as { attributes?: Attributes }).attributes?.[attribute];
    if (held !== undefined && valueList(held).includes(value)) return declared;
  }
  return undefined;
}

/** The resource of this run that declares the element, if any. */
export function claimant(host: string, spec: ElementTypeSpec, key: KeyValues): string | undefined {
  return registry().owners.get(identity(toOrigin(host), spec, key));
}

/** Why no resource may change the element in this run, when two declare it. */
export function contention(host: string, spec: ElementTypeSpec, key: KeyValues): string | undefined {
  return registry().contested.get(identity(toOrigin(host), spec, key));
}
