/**
 * Typed errors for everything that can go wrong talking to an SBC, on one base (ApiError) shared
 * with SDM's errors (sdm/sdmErrors.ts). Each carries the HTTP status, method, path (with query)
 * and the server's own messages, so a caller can act on the class and a user can read the
 * message. Classes are recognised across copies of this package (errorBrand.ts) and keep a fixed
 * `name`. None of them ever carries the password or the bearer token: the path is built by the
 * client from element data only, and messages are scrubbed of credentials.
 */
import { BrandedError } from "./errorBrand";
import type { GiveUp } from "./retry";

export interface ApiErrorDetails {
  status?: number;
  method: string;
  path: string;
  /** The server's messages (`errorMessage` texts), in order. */
  messages?: string[];
  cause?: unknown;
}

/** `[METHOD path (HTTP status)]`: which request a failure answers. */
function requestTag(method: string, path: string, status: number | undefined): string {
  return `[${method} ${path}${status !== undefined ? ` (HTTP ${status})` : ""}]`;
}

/**
 * `summary: server messages [METHOD path (HTTP status)]`: one wording for every failure the SDK
 * reports, whichever server (SBC or SDM) answered.
 */
export function describeFailure(summary: string, method: string, path: string, status: number | undefined, messages: readonly string[]): string {
  const serverText = messages.length > 0 ? `: ${messages.join("; ")}` : "";
  return `${summary}${serverText} ${requestTag(method, path, status)}`;
}

/** A failure answered (or not answered) by a server the SDK talks to: the SBC or SDM. */
export class ApiError extends BrandedError {
  static override readonly errorName: string = "ApiError";
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  readonly serverMessages: string[];

  constructor(summary: string, details: ApiErrorDetails) {
    const messages = details.messages ?? [];
    super(describeFailure(summary, details.method, details.path, details.status, messages), { cause: details.cause });
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.serverMessages = messages;
  }
}

/**
 * What a caller that already says what failed appends: the server's own words and the request,
 * or the whole message when the server said nothing (no answer, a timeout, a non-API error).
 */
export function failureReason(err: unknown): string {
  if (err instanceof ApiError && err.serverMessages.length > 0) {
    return `${err.serverMessages.join("; ")} ${requestTag(err.method, err.path, err.status)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export class SbcError extends ApiError {
  static override readonly errorName: string = "SbcError";

  /** The SBC's messages (`errorMessage` texts), in order. */
  get sbcMessages(): string[] {
    return this.serverMessages;
  }

  /** The SBC's first message, or undefined when it gave none. */
  get sbcMessage(): string | undefined {
    return this.serverMessages[0];
  }
}

/** 401: the token is missing, bad or expired, or the credentials were refused. */
export class UnauthorizedError extends SbcError {
  static override readonly errorName: string = "UnauthorizedError";
}

/**
 * 401 to a login (HTTP Basic for a token): the SBC refused this username and password. Not retried
 * (a box may lock the account after a few failures); what to check is the caller's to say, as only
 * it knows where the credentials came from.
 */
export class LoginError extends UnauthorizedError {
  static override readonly errorName: string = "LoginError";
  constructor(readonly username: string, details: ApiErrorDetails) {
    super(`the SBC refused the login of user "${username}"`, details);
  }
}

/** 403: the user is authenticated but lacks administrator rights for this request. */
export class ForbiddenError extends SbcError {
  static override readonly errorName: string = "ForbiddenError";
}

/** 404 on an unsupported version in the URI. */
export class UnsupportedVersionError extends SbcError {
  static override readonly errorName: string = "UnsupportedVersionError";
}

/** 404: no instance with these key attributes (or another unknown resource). */
export class NotFoundError extends SbcError {
  static override readonly errorName: string = "NotFoundError";
}

/** 404 on an element type the SBC does not support. */
export class UnknownElementTypeError extends NotFoundError {
  static override readonly errorName: string = "UnknownElementTypeError";
}

/** 409: the instance (or singleton) already exists. */
export class ConflictError extends SbcError {
  static override readonly errorName: string = "ConflictError";
}

/** 400: the SBC rejected the input; the configuration is unchanged. */
export class InvalidInputError extends SbcError {
  static override readonly errorName: string = "InvalidInputError";
}

/** 423 base class: the configuration lock stands in the way. */
export class LockError extends SbcError {
  static override readonly errorName: string = "LockError";
}

/** 423 "Resource locked by another user": another session owns the configuration lock. */
export class LockedByAnotherUserError extends LockError {
  static override readonly errorName: string = "LockedByAnotherUserError";
}

/** 423 "User does not have the lock": a mutation or unlock without owning the lock. */
export class NoLockError extends LockError {
  static override readonly errorName: string = "NoLockError";
}

/** An asynchronous management operation (save, verify, activate, restore) ended in `fail`. */
export class OperationFailedError extends SbcError {
  static override readonly errorName: string = "OperationFailedError";
  readonly operation: string;
  constructor(operation: string, details: ApiErrorDetails) {
    super(`${operation} failed on the SBC`, details);
    this.operation = operation;
  }
}

/** An asynchronous management operation did not finish within the bounded wait. */
export class OperationTimeoutError extends SbcError {
  static override readonly errorName: string = "OperationTimeoutError";
}

/** Any other HTTP status the API does not document for the request (405, 406, 415, 426, 5xx). */
export class UnexpectedResponseError extends SbcError {
  static override readonly errorName: string = "UnexpectedResponseError";
}

/** A server that took the connection and sent no answer: who, and how long one try waited. */
export interface Silence {
  /** "the SBC at https://…" */
  server: string;
  timeoutMs: number;
}

/** The request never got an HTTP answer: refused, reset, timed out, or TLS verification failed. */
export class TransportError extends SbcError {
  static override readonly errorName: string = "TransportError";
  /** Whether trying again may help (a reset or timeout may; an untrusted certificate will not). */
  readonly transient: boolean;
  /** Set when the request timed out waiting for an answer. */
  readonly silence?: Silence;
  constructor(summary: string, details: ApiErrorDetails, transient = true, silence?: Silence) {
    super(summary, details);
    this.transient = transient;
    this.silence = silence;
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** What to check when a server takes connections and never answers. */
const SILENCE_ADVICE =
  "the port takes connections but nothing answers on it: check that host and port are the REST API's, or allow a slow server more time (requestTimeoutSeconds)";

/** The timeout of one request that got no answer, in the words the user reads. */
export function noAnswer(silence: Silence, details: ApiErrorDetails): TransportError {
  return new TransportError(`no answer from ${silence.server} within ${seconds(silence.timeoutMs)} (1 try); ${SILENCE_ADVICE}`, details, true, silence);
}

/**
 * The last failure of a request that was retried (withRetries' `giveUp`): a silent server's says
 * how many tries it had and how long they took in all; any other failure speaks for itself.
 */
export function afterRetries(err: unknown, how: GiveUp): unknown {
  if (!(err instanceof TransportError) || !err.silence || how.tries < 2) return err;
  const { server, timeoutMs } = err.silence;
  return new TransportError(
    `no answer from ${server} to ${how.tries} tries of ${seconds(timeoutMs)} each (${(how.elapsedMs / 1000).toFixed(1)} s in all); ${SILENCE_ADVICE}`,
    { method: err.method, path: err.path },
    true,
    err.silence,
  );
}

/** Answers that say "try again": the request was not applied, or may be repeated safely. */
export const TRANSIENT_STATUSES: readonly number[] = [500, 502, 503, 504];

/** A failure that another attempt may cure: no answer (reset, timeout) or a transient 5xx, from either server. */
export function isTransientFailure(err: unknown): boolean {
  return (err instanceof TransportError && err.transient) || (err instanceof ApiError && TRANSIENT_STATUSES.includes(err.status ?? 0));
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
