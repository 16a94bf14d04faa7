/**
 * The addresses and ports an element takes on the SBC, which verify-config requires to be unique
 * across instances, by the catalog's `portClaims` of its type: a sip-interface's sip-ports
 * (address, port, transport) and a steering-pool's media port range on its address. The
 * emulator's verify reports two claims that collide; the provider's diff replaces an element that
 * has such claims by deleting it first, as the new one would collide with the old one it replaces.
 */
import { AttributeValue, ConfigElement } from "../types";
import { ElementTypeSpec, PortClaimsSpec } from "./schema";

/** One address:port range (one port for a sip-port) that an element takes. */
export interface PortClaim {
  /** What takes it, e.g. `sip-port 10.0.0.1:5060/UDP`. */
  what: string;
  address: string;
  from: number;
  to: number;
  /** A sip-port's transport; steering-pools take ports for any. */
  transport?: string;
}

function text(value: AttributeValue | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** A claimed number: the element's value, else the attribute's default (a port left out is its default). */
function numberOf(spec: ElementTypeSpec, element: ConfigElement, attribute: string | undefined): number | undefined {
  if (!attribute) return undefined;
  const given = text(element.attributes[attribute]);
  const value = given !== "" ? given : text(spec.attributes.find((a) => a.name === attribute)?.defaultValue);
  return value === "" ? undefined : Number(value);
}

function claimOf(spec: ElementTypeSpec, element: ConfigElement, claims: PortClaimsSpec): PortClaim | undefined {
  const address = text(element.attributes[claims.address]);
  if (address === "") return undefined;
  const from = numberOf(spec, element, claims.port ?? claims.from) ?? 0;
  const to = Math.max(from, numberOf(spec, element, claims.to) ?? from);
  if (claims.subElement) {
    const transport = text(element.attributes[claims.transport ?? ""]) || text(spec.attributes.find((a) => a.name === claims.transport)?.defaultValue);
    return { what: `${element.elementType} ${address}:${from}${transport ? `/${transport}` : ""}`, address, from, to, ...(transport && { transport }) };
  }
  return { what: `ports ${from}-${to} on ${address}`, address, from, to };
}

/** The claims `element` (of `spec`'s type) takes; none for a type without `portClaims`. */
export function portClaims(spec: ElementTypeSpec, element: ConfigElement): PortClaim[] {
  const claims = spec.portClaims;
  if (!claims) return [];
  if (!claims.subElement) return [claimOf(spec, element, claims)].filter((c): c is PortClaim => c !== undefined);
  const subSpec = spec.subElements?.find((s) => s.name === claims.subElement);
  if (!subSpec) return [];
  return element.subElements
    .filter((sub) => sub.elementType === claims.subElement)
    .map((sub) => claimOf(subSpec, sub, claims))
    .filter((c): c is PortClaim => c !== undefined);
}

/** Whether two claims of the same kind take a port in common (signalling and media ports are not compared). */
export function collide(a: PortClaim, b: PortClaim): boolean {
  return a.transport === b.transport && a.address === b.address && a.from <= b.to && b.from <= a.to;
}
