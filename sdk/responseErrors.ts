/**
 * Turns an SBC answer with an error status into the typed error that says what happened, reading
 * the SBC's `errorMessage` texts from the envelope (or the raw body when it is not XML).
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  LockedByAnotherUserError,
  LockError,
  NoLockError,
  NotFoundError,
  SbcError,
  UnauthorizedError,
  UnexpectedResponseError,
  UnsupportedVersionError,
  UnknownElementTypeError,
  scrubSecrets,
} from "./errors";
import { HttpResponse } from "./transport";
import { decodeEnvelope } from "./xmlCodec";

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

const SUMMARIES: Record<number, string> = {
  400: "the SBC rejected the request as invalid",
  401: "the SBC refused the credentials or token",
  403: "the user lacks administrator rights for this request",
  404: "not found on the SBC",
  409: "already exists on the SBC",
  423: "the configuration lock stands in the way",
};

export function errorForResponse(method: string, path: string, res: HttpResponse, secrets: readonly string[]): SbcError {
  const messages = sbcMessages(res).map((m) => scrubSecrets(m, secrets));
  const details = { status: res.status, method, path, sbcMessages: messages };
  const text = messages.join(" ");
  switch (res.status) {
    case 400:
      return new InvalidInputError(SUMMARIES[400], details);
    case 401:
      return new UnauthorizedError(SUMMARIES[401], details);
    case 403:
      return new ForbiddenError(SUMMARIES[403], details);
    case 404:
      if (/version/i.test(text)) return new UnsupportedVersionError("the SBC does not support this REST API version", details);
      if (/element ?type/i.test(text)) return new UnknownElementTypeError("the SBC does not support this element type", details);
      return new NotFoundError(SUMMARIES[404], details);
    case 409:
      return new ConflictError(SUMMARIES[409], details);
    case 423:
      if (text.includes(LOCKED_BY_ANOTHER_USER)) return new LockedByAnotherUserError("another user holds the configuration lock", details);
      if (text.includes(USER_DOES_NOT_HAVE_LOCK)) return new NoLockError("this session does not hold the configuration lock", details);
      return new LockError(SUMMARIES[423], details);
    default:
      return new UnexpectedResponseError(`unexpected HTTP ${res.status} from the SBC`, details);
  }
}
