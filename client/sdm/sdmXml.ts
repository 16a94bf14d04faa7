/**
 * SDM's XML, both ways, over the project's hardened parser (client/xmlCodec.ts): the login
 * `<session>`, the `<deviceAction>` of a lock or unlock, the device inventory and SDM's error body.
 * The client and the SDM emulator share it, as they share the SBC codec, so that they cannot
 * drift apart. Shapes follow Oracle's SDM REST examples where they exist: the inventory is
 * `<devices><devices>…</devices>…</devices>` (the schema calls the item `device`, which is read
 * too), one device is `<device>…</device>`, the address is `<ip>`. The error body is a guess
 * (`<error><errorMessage>…</errorMessage></error>`); the client reads any `errorMessage`.
 */
import { asArray, encodeText, encodeTree, parseXml, textOf, XmlInputError } from "../xmlCodec";

/** A device as SDM's inventory lists it. */
export interface SdmDevice {
  /** SDM's device id (`ID2` in Oracle's examples), used in the lock action's URI. */
  id: string;
  name: string;
  /** The device's management address as SDM reports it (`<ip>`). */
  address: string;
}

export type SdmDeviceActionType = "Lock" | "Unlock";

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

type XmlNode = Record<string, unknown>;

/** The one root element of a document, as an object of children. */
function root(text: string, tag: string): XmlNode {
  const doc = parseXml(text);
  const node = doc[tag];
  if (node === undefined || Object.keys(doc).length !== 1) {
    throw new XmlInputError(`the body must be one <${tag}>, found ${Object.keys(doc).map((r) => `<${r}>`).join(", ") || "nothing"}`);
  }
  return element(node, tag);
}

function element(node: unknown, tag: string): XmlNode {
  if (node === "" || node === undefined) return {};
  if (typeof node !== "object" || node === null || Array.isArray(node)) throw new XmlInputError(`<${tag}> must contain elements`);
  return node as XmlNode;
}

function field(node: XmlNode, tag: string, parent: string): string {
  const value = node[tag];
  if (Array.isArray(value)) throw new XmlInputError(`<${parent}> has more than one <${tag}>`);
  return textOf(value);
}

/** A JSON body, which SDM accepts as well as XML (`{"userName": …}`, `{"type": "Lock"}`). */
function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trim().startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new XmlInputError(`malformed JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new XmlInputError("the JSON body must be an object");
  return value as Record<string, unknown>;
}

function jsonString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (value === undefined) return "";
  if (typeof value !== "string") throw new XmlInputError(`"${key}" must be a string`);
  return value;
}

export function encodeLogin(userName: string, password: string): string {
  return `${XML_DECLARATION}<session><userName>${encodeText(userName)}</userName><password>${encodeText(password)}</password></session>`;
}

/** The credentials of a login body, XML or JSON; the password is taken as sent (not trimmed). */
export function decodeLogin(text: string): { userName: string; password: string } {
  const json = jsonObject(text);
  if (json) return { userName: jsonString(json, "userName").trim(), password: jsonString(json, "password") };
  const session = root(text, "session");
  return { userName: field(session, "userName", "session").trim(), password: field(session, "password", "session") };
}

export function encodeDeviceAction(type: SdmDeviceActionType): string {
  return `${XML_DECLARATION}<deviceAction><type>${type}</type></deviceAction>`;
}

/** The action type as sent (the caller decides which values it knows). */
export function decodeDeviceAction(text: string): string {
  const json = jsonObject(text);
  if (json) return jsonString(json, "type").trim();
  return field(root(text, "deviceAction"), "type", "deviceAction").trim();
}

/** The fields Oracle's inventory example shows for a device, in its order. */
function deviceFields(device: SdmDevice): Record<string, string> {
  return {
    bootstrapState: "Activated",
    connectivityStatus: "true",
    id: device.id,
    ip: device.address,
    key: `${device.name}_${device.address}`,
    manageable: "true",
    name: device.name,
  };
}

export function encodeDevice(device: SdmDevice): string {
  return `${XML_DECLARATION}${encodeTree({ device: deviceFields(device) })}`;
}

export function encodeDeviceList(devices: readonly SdmDevice[]): string {
  return `${XML_DECLARATION}${encodeTree({ devices: { devices: devices.map(deviceFields) } })}`;
}

function decodeDeviceNode(node: unknown, tag: string): SdmDevice {
  const fields = element(node, tag);
  const id = field(fields, "id", tag).trim();
  if (id === "") throw new XmlInputError(`a <${tag}> has no <id>`);
  return { id, name: field(fields, "name", tag).trim(), address: field(fields, "ip", tag).trim() };
}

export function decodeDevice(text: string): SdmDevice {
  return decodeDeviceNode(root(text, "device"), "device");
}

export function decodeDeviceList(text: string): SdmDevice[] {
  const list = root(text, "devices");
  return [
    ...asArray(list.devices).map((node) => decodeDeviceNode(node, "devices")),
    ...asArray(list.device).map((node) => decodeDeviceNode(node, "device")),
  ];
}

export function encodeSdmError(message: string): string {
  return `${XML_DECLARATION}<error><errorMessage>${encodeText(message)}</errorMessage></error>`;
}
