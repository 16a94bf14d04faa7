/**
 * SDM's REST API as far as a provisioning client needs it, path by path, over plain
 * request/answer values: login (cookie session), logout, the device inventory, one device, and the
 * Lock/Unlock action. Checks run in the order the SBC emulator uses: URI and version (404),
 * method (405), session (401), device (404), body (400), lock holder (400 naming the holder).
 */
import { deviceLockedMessage } from "../../client/sdm/sdmResponses";
import {
  decodeDeviceAction,
  decodeLogin,
  encodeDevice,
  encodeDeviceList,
  encodeSdmError,
} from "../../client/sdm/sdmXml";
import { XmlInputError } from "../../client/xmlCodec";
import { FrontAnswer } from "../httpFront";
import { HttpError } from "../httpError";
import { ApiRequest } from "../routes";
import { invalidBody, refuseWhatXmlCannotCarry } from "../xmlSafeRequest";
import { SdmDeviceRecord, SdmState } from "./sdmState";

const COOKIE = "JSESSIONID";
const DEVICES = "inventory/deviceMgmt/devices";

function cookieOf(req: ApiRequest): string | undefined {
  const header = req.headers.cookie;
  const text = Array.isArray(header) ? header.join("; ") : header ?? "";
  for (const part of text.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

function parseBody<T>(body: string, decode: (text: string) => T): T {
  if (body.trim() === "") throw new HttpError(400, "request body not found");
  try {
    return decode(body);
  } catch (err) {
    if (err instanceof XmlInputError) throw invalidBody(body, err);
    throw err;
  }
}

export class SdmApi {
  constructor(
    private readonly sdm: SdmState,
    private readonly versions: readonly string[],
    /** With TLS the session cookie is marked Secure, as SDM's is on https. */
    private readonly secureCookie: boolean,
  ) {}

  handle(req: ApiRequest): FrontAnswer {
    this.sdm.stats.requests++;
    try {
      refuseWhatXmlCannotCarry(req);
      return this.route(req);
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, body: encodeSdmError(err.messages.join("; ")) };
      throw err;
    }
  }

  private route(req: ApiRequest): FrontAnswer {
    const match = /^\/rest\/([^/]+)\/(.+?)\/?$/.exec(req.pathname);
    if (!match) throw new HttpError(404, "Resource not found");
    const [, version, resource] = match;
    if (!this.versions.includes(version)) throw new HttpError(404, `Unsupported versionId in URI: ${version}`);
    if (resource === "admin/login") {
      this.allow(req, "POST");
      return this.login(req);
    }
    if (resource === "admin/logout") {
      this.allow(req, "POST");
      return this.logout(req);
    }
    if (resource === DEVICES) {
      this.allow(req, "GET");
      this.user(req);
      return { status: 200, body: encodeDeviceList(this.sdm.devices) };
    }
    const device = new RegExp(`^${DEVICES}/([^/]+)(/action)?$`).exec(resource);
    if (!device) throw new HttpError(404, "Resource not found");
    const deviceId = this.deviceId(device[1]);
    if (device[2] === undefined) {
      this.allow(req, "GET");
      this.user(req);
      return { status: 200, body: encodeDevice(this.knownDevice(deviceId)) };
    }
    this.allow(req, "POST");
    return this.action(req, deviceId);
  }

  private allow(req: ApiRequest, method: string): void {
    if (req.method !== method) throw new HttpError(405, `${req.method} is not supported for ${req.pathname}`);
  }

  private user(req: ApiRequest): string {
    const cookie = cookieOf(req);
    const user = cookie === undefined ? undefined : this.sdm.sessionUser(cookie);
    if (user === undefined) throw new HttpError(401, "The session ID is invalid or has expired; log in again");
    return user;
  }

  private deviceId(segment: string): string {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new HttpError(400, `Invalid device id in URI: ${segment}`);
    }
  }

  private knownDevice(deviceId: string): SdmDeviceRecord {
    const device = this.sdm.device(deviceId);
    if (!device) throw new HttpError(404, `Device ${deviceId} not found`);
    return device;
  }

  private login(req: ApiRequest): FrontAnswer {
    const { userName, password } = parseBody(req.body, decodeLogin);
    if (userName === "") throw new HttpError(400, "userName is required");
    const cookie = this.sdm.login(userName, password);
    if (cookie === undefined) throw new HttpError(401, "Invalid user name or password");
    const secure = this.secureCookie ? "; Secure" : "";
    return { status: 200, headers: { "Set-Cookie": `${COOKIE}=${cookie}; Path=/rest${secure}; HttpOnly` } };
  }

  private logout(req: ApiRequest): FrontAnswer {
    this.user(req);
    this.sdm.logout(cookieOf(req)!);
    return { status: 204, headers: { "Set-Cookie": `${COOKIE}=; Path=/rest; Max-Age=0` } };
  }

  private action(req: ApiRequest, deviceId: string): FrontAnswer {
    const user = this.user(req);
    this.knownDevice(deviceId);
    const type = parseBody(req.body, decodeDeviceAction);
    if (type !== "Lock" && type !== "Unlock") throw new HttpError(400, `Unknown device action type "${type}"; supported: Lock, Unlock`);
    const outcome = type === "Lock" ? this.sdm.lock(deviceId, user) : this.sdm.unlock(deviceId, user);
    if (!outcome.done) {
      const onlyHolder = type === "Unlock" ? `; only ${outcome.holder} can unlock it` : "";
      throw new HttpError(400, `${deviceLockedMessage(deviceId, outcome.holder)}${onlyHolder}`);
    }
    return { status: 204 };
  }
}
