/**
 * Typed errors for what can go wrong talking to Oracle Session Delivery Manager (SDM): on the
 * SBC's error base (ApiError in client/errors.ts), worded alike, but a branch of their own, so that a
 * caller wrapping an SBC session in an SDM device lock can tell the two servers' failures apart
 * by class. Each carries the HTTP status, method, path and SDM's own messages; none carries the
 * password or the session cookie (paths hold device ids only, and SDM's texts are scrubbed before
 * they get here). SDM unreachable is not here: the shared transport reports it as a
 * TransportError (client/errors.ts) whose message names the SDM's origin.
 */
import { ApiError, ApiErrorDetails } from "../errors";

export class SdmError extends ApiError {
  static override readonly errorName: string = "SdmError";

  /** SDM's messages (`errorMessage` texts, or its raw answer when that is not XML), in order. */
  get sdmMessages(): string[] {
    return this.serverMessages;
  }

  /** SDM's first message, or undefined when it gave none. */
  get sdmMessage(): string | undefined {
    return this.serverMessages[0];
  }
}

/** 400: SDM refused the input (bad XML, unknown action type, bad parameter). */
export class SdmBadRequestError extends SdmError {
  static override readonly errorName: string = "SdmBadRequestError";
}

/** 401: bad user name or password, or the session is missing or expired (after one fresh login). */
export class SdmUnauthorizedError extends SdmError {
  static override readonly errorName: string = "SdmUnauthorizedError";
}

/** 403: the user may not do this (SDM role without device-management rights). */
export class SdmForbiddenError extends SdmError {
  static override readonly errorName: string = "SdmForbiddenError";
}

/**
 * 404: unknown device, URI or REST version. Also thrown, without a status, when a lookup by name
 * or address finds no device; the message names what was looked for.
 */
export class SdmNotFoundError extends SdmError {
  static override readonly errorName: string = "SdmNotFoundError";
}

/** A lookup by address matched several devices; the message lists them (use deviceId or deviceName). */
export class SdmAmbiguousDeviceError extends SdmError {
  static override readonly errorName: string = "SdmAmbiguousDeviceError";
}

/**
 * Lock or unlock refused because another SDM user holds the device: 400 with a message saying
 * "locked by" (the emulator's choice for SDM, which documents no status for it), or any 409/423.
 */
export class SdmDeviceLockedError extends SdmError {
  static override readonly errorName: string = "SdmDeviceLockedError";
  readonly deviceId?: string;
  /** The user holding the lock, when SDM's message names one. */
  readonly holder?: string;

  constructor(summary: string, details: ApiErrorDetails & { deviceId?: string; holder?: string }) {
    super(summary, details);
    this.deviceId = details.deviceId;
    this.holder = details.holder;
  }
}

/** Any other answer: an undocumented status (405, 5xx), or a body that is not the expected XML. */
export class SdmUnexpectedResponseError extends SdmError {
  static override readonly errorName: string = "SdmUnexpectedResponseError";
}
