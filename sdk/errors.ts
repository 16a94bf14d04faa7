/**
 * Typed errors for everything that can go wrong talking to an SBC. Each carries the HTTP status,
 * method, path (with query) and the SBC's own messages, so a caller can act on the class and a
 * user can read the message. None of them ever carries the password or the bearer token: the
 * path is built by the client from element data only, and messages are scrubbed of credentials.
 */

export interface SbcErrorDetails {
  status?: number;
  method: string;
  path: string;
  /** The SBC's messages (`errorMessage` texts), in order. */
  sbcMessages?: string[];
  cause?: unknown;
}

/**
 * `summary: server messages [METHOD path (HTTP status)]`: one wording for every failure the SDK
 * reports, whichever server (SBC or SDM) answered.
 */
export function describeFailure(summary: string, method: string, path: string, status: number | undefined, messages: readonly string[]): string {
  const serverText = messages.length > 0 ? `: ${messages.join("; ")}` : "";
  const statusText = status !== undefined ? ` (HTTP ${status})` : "";
  return `${summary}${serverText} [${method} ${path}${statusText}]`;
}

export class SbcError extends Error {
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  readonly sbcMessages: string[];

  constructor(summary: string, details: SbcErrorDetails) {
    const messages = details.sbcMessages ?? [];
    super(describeFailure(summary, details.method, details.path, details.status, messages), { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.sbcMessages = messages;
  }

  /** The SBC's first message, or undefined when it gave none. */
  get sbcMessage(): string | undefined {
    return this.sbcMessages[0];
  }
}

/** 401: the token is missing, bad or expired, or the credentials were refused. */
export class UnauthorizedError extends SbcError {}

/** 403: the user is authenticated but lacks administrator rights for this request. */
export class ForbiddenError extends SbcError {}

/** 404 on an unsupported version in the URI. */
export class UnsupportedVersionError extends SbcError {}

/** 404: no instance with these key attributes (or another unknown resource). */
export class NotFoundError extends SbcError {}

/** 404 on an element type the SBC does not support. */
export class UnknownElementTypeError extends NotFoundError {}

/** 409: the instance (or singleton) already exists. */
export class ConflictError extends SbcError {}

/** 400: the SBC rejected the input; the configuration is unchanged. */
export class InvalidInputError extends SbcError {}

/** 423 base class: the configuration lock stands in the way. */
export class LockError extends SbcError {}

/** 423 "Resource locked by another user": another session owns the configuration lock. */
export class LockedByAnotherUserError extends LockError {}

/** 423 "User does not have the lock": a mutation or unlock without owning the lock. */
export class NoLockError extends LockError {}

/** An asynchronous management operation (save, verify, activate, restore) ended in `fail`. */
export class OperationFailedError extends SbcError {
  readonly operation: string;
  constructor(operation: string, details: SbcErrorDetails) {
    super(`${operation} failed on the SBC`, details);
    this.operation = operation;
  }
}

/** An asynchronous management operation did not finish within the bounded wait. */
export class OperationTimeoutError extends SbcError {}

/** Any other HTTP status the API does not document for the request (405, 406, 415, 426, 5xx). */
export class UnexpectedResponseError extends SbcError {}

/** The request never got an HTTP answer: refused, reset, timed out, or TLS verification failed. */
export class TransportError extends SbcError {
  /** Whether trying again may help (a reset or timeout may; an untrusted certificate will not). */
  readonly transient: boolean;
  constructor(summary: string, details: SbcErrorDetails, transient = true) {
    super(summary, details);
    this.transient = transient;
  }
}

/** Answers that say "try again": the request was not applied, or may be repeated safely. */
export const TRANSIENT_STATUSES: readonly number[] = [500, 502, 503, 504];

/** A failure that another attempt may cure: no answer (reset, timeout) or a transient 5xx. */
export function isTransientFailure(err: unknown): boolean {
  return (err instanceof TransportError && err.transient) || (err instanceof SbcError && TRANSIENT_STATUSES.includes(err.status ?? 0));
}

/**
 * Removes anything that looks like a credential from text that may end up in an error message
 * or a log: `Authorization` header values and explicitly known secrets.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/g, "$1 [redacted]");
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join("[redacted]");
  }
  return out;
}
