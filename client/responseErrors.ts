/**
 * Turns a server's answer with an error status into the typed error that says what happened. The
 * one status → class table for both servers lives here; the SBC's answer is read here (its
 * `errorMessage` texts, or the raw body when it is not XML), SDM's in sdm/sdmResponses.ts.
 */
import {
  ApiError,
  ApiErrorDetails,
  SbcError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  LockedByAnotherUserError,
  LockError,
  NoLockError,
  NotFoundError,
  UnauthorizedError,
  UnexpectedResponseError,
  UnsupportedVersionError,
  UnknownElementTypeError,
  scrubSecrets,
} from "./errors";
import {
  SdmBadRequestError,
  SdmError,
  SdmForbiddenError,
  SdmNotFoundError,
  SdmUnauthorizedError,
  SdmUnexpectedResponseError,
} from "./sdm/sdmErrors";
import { HttpResponse } from "./transport";
import { decodeEnvelope } from "./xmlCodec";

export type Server = "SBC" | "SDM";

type ErrorClass<E> = new (summary: string, details: ApiErrorDetails) => E;

/** Each documented error status, per server: the class and what it means. */
const BY_STATUS: Record<number, { SBC?: [ErrorClass<SbcError>, string]; SDM?: [ErrorClass<SdmError>, string] }> = {
  400: { SBC: [InvalidInputError, "the SBC rejected the request as invalid"], SDM: [SdmBadRequestError, "SDM rejected the request as invalid"] },
  401: { SBC: [UnauthorizedError, "the SBC refused the credentials or token"], SDM: [SdmUnauthorizedError, "SDM refused the credentials or the session"] },
  403: {
    SBC: [ForbiddenError, "the user lacks administrator rights for this request"],
    SDM: [SdmForbiddenError, "the SDM user lacks the rights for this request"],
  },
  404: { SBC: [NotFoundError, "not found on the SBC"], SDM: [SdmNotFoundError, "not found on SDM"] },
  409: { SBC: [ConflictError, "already exists on the SBC"] },
  423: { SBC: [LockError, "the configuration lock stands in the way"] },
};

const UNEXPECTED = { SBC: UnexpectedResponseError, SDM: SdmUnexpectedResponseError };

/** The typed error for `status` from `server`, before any refinement by the server's words. */
export function errorForStatus(server: "SBC", details: ApiErrorDetails & { status: number }): SbcError;
export function errorForStatus(server: "SDM", details: ApiErrorDetails & { status: number }): SdmError;
export function errorForStatus(server: Server, details: ApiErrorDetails & { status: number }): ApiError {
  const known = BY_STATUS[details.status]?.[server];
  if (known) return new known[0](known[1], details);
  const name = server === "SBC" ? "the SBC" : server;
  return new UNEXPECTED[server](`unexpected HTTP ${details.status} from ${name}`, details);
}

/** The literal texts Oracle documents for 423 answers. */
export const LOCKED_BY_ANOTHER_USER = "Resource locked by another user";
export const USER_DOES_NOT_HAVE_LOCK = "User does not have the lock";

export function sbcMessages(res: HttpResponse): string[] {
  if (res.body.trim() === "") return [];
  try {
    return decodeEnvelope(res.body).messages;
  } catch {
    return [res.body.slice(0, 500)];
  }
}

export function errorForResponse(method: string, path: string, res: HttpResponse, secrets: readonly string[]): SbcError {
  const messages = sbcMessages(res).map((m) => scrubSecrets(m, secrets));
  const details = { status: res.status, method, path, messages };
  const text = messages.join(" ");
  if (res.status === 404 && /version/i.test(text)) return new UnsupportedVersionError("the SBC does not support this REST API version", details);
  if (res.status === 404 && /element ?type/i.test(text)) return new UnknownElementTypeError("the SBC does not support this element type", details);
  if (res.status === 423 && text.includes(LOCKED_BY_ANOTHER_USER)) return new LockedByAnotherUserError("another user holds the configuration lock", details);
  if (res.status === 423 && text.includes(USER_DOES_NOT_HAVE_LOCK)) return new NoLockError("this session does not hold the configuration lock", details);
  return errorForStatus("SBC", details);
}
