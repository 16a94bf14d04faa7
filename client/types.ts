/**
 * Plain data shapes exchanged with the SBC: a configElement as the REST API carries it, and the
 * state of an asynchronous management operation, with the comparisons every layer makes on
 * attribute values. No HTTP, no XML here.
 */

/** One attribute value: a string, or a list for a multi-valued attribute (order kept). */
export type AttributeValue = string | string[];

/** Attribute name → value, in the order the SBC sent them. */
export type Attributes = Record<string, AttributeValue>;

/**
 * A configElement or, nested, a sub-element (for which `elementType` holds the sub-element type,
 * e.g. `sip-port`).
 */
export interface ConfigElement {
  elementType: string;
  attributes: Attributes;
  subElements: ConfigElement[];
}

/** The SBC's configuration stores: REST edits `editing`; save copies to `saved`; activate to `running`. */
export type ConfigStore = "editing" | "saved" | "running";

export type ManagementAction = "save" | "verify" | "activate" | "restore" | "backup";

export type OperationStatus = "inProgress" | "success" | "fail";

/** The body of `GET /admin/asyncstatus`: the most recent asynchronous operation on the box. */
export interface OperationState {
  operation: ManagementAction;
  status: OperationStatus;
  errorMessage?: string;
  /** verify's findings (`verifySummary`), one line each. */
  details: string[];
}

/** Key attribute name → value, identifying one instance of a multi-instance type. */
export type KeyValues = Record<string, string | string[]>;

/** A value as a comparable list: a multi-valued attribute given as one string is a one-item list. */
export function valueList(value: AttributeValue | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Equal as the SBC sees it: "x" and ["x"] are the same value. */
export function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  const x = valueList(a);
  const y = valueList(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** `realm-config [identifier=core]`, for messages. */
export function describeElement(elementType: string, key: KeyValues): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${valueList(v).join(",")}`);
  return parts.length > 0 ? `${elementType} [${parts.join(" ")}]` : elementType;
}
