/**
 * The addresses and ports an element takes on the SBC, which verify-config requires to be unique
 * across instances: a sip-interface's sip-ports (address, port, transport) and a steering-pool's
 * media port range on its address. The emulator's verify reports two claims that collide; the
 * provider's diff replaces an element that has such claims by deleting it first, as the new one
 * would collide with the old one it replaces. Oracle's pages found so far do not spell these
 * checks out: the rules are the most plausible reading, written down in emulator/README.md.
 */
import { AttributeValue, ConfigElement } from "../types";

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

/** Element types whose instances take address:port claims. */
export const PORT_CLAIMING_TYPES: readonly string[] = ["sip-interface", "steering-pool"];

function text(value: AttributeValue | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** The claims `element` (of a type in PORT_CLAIMING_TYPES) takes; none for other types. */
export function portClaims(element: ConfigElement): PortClaim[] {
  if (element.elementType === "sip-interface") {
    return element.subElements
      .filter((sub) => sub.elementType === "sip-port" && text(sub.attributes.address) !== "")
      .map((sub) => {
        const [address, port, transport] = [text(sub.attributes.address), Number(text(sub.attributes.port) || 5060), text(sub.attributes["transport-protocol"]) || "UDP"];
        return { what: `sip-port ${address}:${port}/${transport}`, address, from: port, to: port, transport };
      });
  }
  if (element.elementType === "steering-pool") {
    const address = text(element.attributes["ip-address"]);
    const from = Number(text(element.attributes["start-port"]) || 0);
    const to = Math.max(from, Number(text(element.attributes["end-port"]) || 0));
    return address === "" ? [] : [{ what: `ports ${from}-${to} on ${address}`, address, from, to }];
  }
  return [];
}

/** Whether two claims of the same kind take a port in common (signalling and media ports are not compared). */
export function collide(a: PortClaim, b: PortClaim): boolean {
  return a.transport === b.transport && a.address === b.address && a.from <= b.to && b.from <= a.to;
}
