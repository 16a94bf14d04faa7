/**
 * SDM's answers, read: its error texts (every `errorMessage` in an XML body, or the raw body), the
 * typed error for a status, and the wording of "device locked by another user". SDM documents only
 * 200/204/400/401/404 for the lock action and no error body, so both sides of the lock-refusal
 * wording live here: the emulator writes `deviceLockedMessage`, the client recognises it and
 * looser variants ("locked by another user", any 409/423).
 */
import { HttpResponse } from "../transport";
import { collectErrorMessages, parseXml } from "../xmlCodec";
import { scrubSecrets } from "../errors";
import { errorForStatus } from "../responseErrors";
import { SdmDeviceLockedError, SdmError } from "./sdmErrors";

/** What the SDM emulator answers (400) to a Lock or Unlock of a device another user holds. */
export function deviceLockedMessage(deviceId: string, holder: string): string {
  return `Device ${deviceId} is locked by user ${holder}`;
}

const LOCK_REFUSAL = /\blocked by\b|\b(?:another|other) user\b/i;
const NOT_A_NAME = /^(?:another|other|a|an|the|user|someone)$/i;

/** The lock holder a refusal names ("locked by user bob", "locked by bob", "locked by another user: bob"). */
export function lockHolderIn(text: string): string | undefined {
  const match = /\blocked by (?:another user|user)?\s*:?\s*["'(]?([^\s"',;:()]+)/i.exec(text);
  const holder = match?.[1]?.replace(/\.$/, "");
  return holder && !NOT_A_NAME.test(holder) ? holder : undefined;
}

/** SDM's error texts: every `errorMessage`, whatever the nesting; else the body itself, cut short. */
export function sdmMessages(res: HttpResponse): string[] {
  const body = res.body.trim();
  if (body === "") return [];
  try {
    const messages: string[] = [];
    collectErrorMessages(parseXml(body), messages);
    if (messages.length > 0) return messages;
  } catch {
    // Not XML (an HTML error page from a proxy, plain text): the raw text is the message.
  }
  return [body.slice(0, 500)];
}

/** The typed error for an SDM answer with an error status; `deviceId` names the device a lock action was for. */
export function sdmErrorForResponse(
  method: string,
  path: string,
  res: HttpResponse,
  secrets: readonly string[],
  deviceId?: string,
): SdmError {
  const messages = sdmMessages(res).map((m) => scrubSecrets(m, secrets));
  const details = { status: res.status, method, path, messages };
  const text = messages.join(" ");
  if (res.status === 409 || res.status === 423 || (res.status === 400 && LOCK_REFUSAL.test(text))) {
    const holder = lockHolderIn(text);
    const device = deviceId === undefined ? "the SDM device" : `SDM device ${deviceId}`;
    return new SdmDeviceLockedError(`${device} is locked by ${holder ?? "another SDM user"}`, { ...details, deviceId, holder });
  }
  return errorForStatus("SDM", details);
}
