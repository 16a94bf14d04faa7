/**
 * Plain data shapes exchanged with the SBC: a configElement as the REST API carries it, and the
 * state of an asynchronous management operation. No HTTP, no XML here.
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
