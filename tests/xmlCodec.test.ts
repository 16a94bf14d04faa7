import {
  decodeConfigElementDocument,
  decodeEnvelope,
  decodeOperationState,
  decodeConfigElementNode,
  encodeConfigElementDocument,
  encodeEnvelope,
  encodeOperationState,
  asArray,
  parseXml,
  XmlInputError,
  MAX_XML_BYTES,
} from "../client/xmlCodec";
import { builtinCatalog } from "../client/catalog/catalog";

// Shapes from ../shared/sbc-rest-api.md (sections 1, 3.1, 5, 6), pretty-printed as Oracle's pages show them.
const TOKEN_RESPONSE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<response>
  <data>
    <accessToken>YWRtaW4sYWRtaW4sMTU0NjQ1MzU0MDg3MA==</accessToken>
  </data>
  <messages/>
  <links/>
</response>`;

const SESSION_GROUP = `<configElement>
  <elementType>session-group</elementType>
  <attribute>
    <name>group-name</name>
    <value>sg1</value>
  </attribute>
  <attribute>
    <name>dest</name>
    <value>192.168.1.10</value>
    <value>192.168.1.11</value>
  </attribute>
</configElement>`;

const SIP_INTERFACE = `<configElement>
  <elementType>sip-interface</elementType>
  <attribute><name>realm-id</name><value>core</value></attribute>
  <subElement>
    <subElementType>sip-port</subElementType>
    <attribute><name>address</name><value>10.0.0.1</value></attribute>
    <attribute><name>port</name><value>5060</value></attribute>
    <attribute><name>transport-protocol</name><value>UDP</value></attribute>
  </subElement>
  <subElement>
    <subElementType>sip-port</subElementType>
    <attribute><name>address</name><value>10.0.0.1</value></attribute>
    <attribute><name>port</name><value>5061</value></attribute>
    <attribute><name>transport-protocol</name><value>TLS</value></attribute>
  </subElement>
</configElement>`;

const SAVE_DONE = `<response><data><operationState><operation>save</operation><status>success</status></operationState></data><messages/><links/></response>`;

describe("xml codec on the API reference's shapes", () => {
  test("reads the access token from the token response", () => {
    expect(asArray(decodeEnvelope(TOKEN_RESPONSE).data.accessToken)).toEqual(["YWRtaW4sYWRtaW4sMTU0NjQ1MzU0MDg3MA=="]);
  });

  test("keeps a multi-valued attribute as a list, in order", () => {
    const el = decodeConfigElementDocument(SESSION_GROUP);
    expect(el).toEqual({
      elementType: "session-group",
      attributes: { "group-name": "sg1", dest: ["192.168.1.10", "192.168.1.11"] },
      subElements: [],
    });
  });

  test("a one-value multi-valued attribute stays a list when the catalog says so", () => {
    const xml = `<configElement><elementType>ntp-config</elementType><attribute><name>server</name><value>10.1.1.1</value></attribute></configElement>`;
    expect(decodeConfigElementDocument(xml).attributes.server).toBe("10.1.1.1");
    expect(decodeConfigElementDocument(xml, builtinCatalog.multiValuedHint).attributes.server).toEqual(["10.1.1.1"]);
  });

  test("reads nested sub-elements with their type and attributes", () => {
    const el = decodeConfigElementDocument(SIP_INTERFACE);
    expect(el.subElements).toHaveLength(2);
    expect(el.subElements[1]).toEqual({
      elementType: "sip-port",
      attributes: { address: "10.0.0.1", port: "5061", "transport-protocol": "TLS" },
      subElements: [],
    });
  });

  test("round-trips elements, sub-elements and attribute order", () => {
    const el = decodeConfigElementDocument(SIP_INTERFACE);
    const again = decodeConfigElementDocument(encodeConfigElementDocument(el));
    expect(again).toEqual(el);
    expect(Object.keys(again.subElements[0].attributes)).toEqual(["address", "port", "transport-protocol"]);
  });

  test("values with markup characters and non-ASCII round-trip byte for byte", () => {
    const value = ` a&b <c> "d" 'e' ]]> é 你好 😀 \r\n\t end `;
    const el = { elementType: "realm-config", attributes: { description: value, identifier: "x" }, subElements: [] };
    const xml = encodeConfigElementDocument(el);
    expect(xml).not.toContain("<c>");
    expect(decodeConfigElementDocument(xml).attributes.description).toBe(value);
  });

  test("decodes character references and CDATA", () => {
    const xml = `<configElement><elementType>x</elementType><attribute><name>a</name><value>&#233;&#x1F600;<![CDATA[<raw>&]]></value></attribute></configElement>`;
    expect(decodeConfigElementDocument(xml).attributes.a).toBe("é😀<raw>&");
  });

  test("reads error messages whatever their nesting", () => {
    const nested = `<response><data/><messages><error><errorMessage>User does not have the lock</errorMessage></error></messages><links/></response>`;
    const flat = `<response><data/><messages><errorMessage>Resource locked by another user</errorMessage></messages><links/></response>`;
    expect(decodeEnvelope(nested).messages).toEqual(["User does not have the lock"]);
    expect(decodeEnvelope(flat).messages).toEqual(["Resource locked by another user"]);
    expect(decodeEnvelope(encodeEnvelope("", ["a & b", "c"])).messages).toEqual(["a & b", "c"]);
  });

  test("reads the asynchronous operation state and the 202 link", () => {
    expect(decodeOperationState(decodeEnvelope(SAVE_DONE).data)).toEqual({ operation: "save", status: "success", errorMessage: undefined, details: [] });
    const failed = encodeEnvelope(encodeOperationState({ operation: "verify", status: "fail", errorMessage: "2 errors", details: ["e1", "e2"] }));
    expect(decodeOperationState(decodeEnvelope(failed).data)).toEqual({ operation: "verify", status: "fail", errorMessage: "2 errors", details: ["e1", "e2"] });
    const accepted = encodeEnvelope("", [], ["/rest/v1.1/admin/asyncstatus"]);
    expect(decodeEnvelope(accepted).links).toEqual(["/rest/v1.1/admin/asyncstatus"]);
  });

  test("reads a list of elements under <data>", () => {
    const doc = decodeEnvelope(`<response><data>${SESSION_GROUP}${SESSION_GROUP.replace("sg1", "sg2")}</data><messages/><links/></response>`);
    const els = asArray(doc.data.configElement).map((n) => decodeConfigElementNode(n));
    expect(els.map((e) => e.attributes["group-name"])).toEqual(["sg1", "sg2"]);
  });
});

describe("xml codec refuses hostile and malformed input with a message that names the problem", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["entity bomb", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><configElement><elementType>&lol2;</elementType></configElement>`, /DOCTYPE/],
    ["external entity", `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><configElement><elementType>&xxe;</elementType></configElement>`, /DOCTYPE/],
    ["undeclared entity", `<configElement><elementType>&xxe;</elementType></configElement>`, /undefined entity &xxe;/],
    ["bare ampersand", `<configElement><elementType>a & b</elementType></configElement>`, /malformed XML.*'&'/],
    ["unclosed tag", `<configElement><elementType>x</configElement>`, /malformed XML at line 1/],
    ["two roots", `<configElement><elementType>x</elementType></configElement><configElement/>`, /malformed XML|one <configElement>/],
    ["wrong root", `<element><elementType>x</elementType></element>`, /must be one <configElement>/],
    ["unknown child", `<configElement><elementType>x</elementType><bogus/></configElement>`, /unexpected <bogus>/],
    ["attribute without name", `<configElement><elementType>x</elementType><attribute><value>1</value></attribute></configElement>`, /has no <name>/],
    ["duplicate attribute", `<configElement><elementType>x</elementType><attribute><name>a</name></attribute><attribute><name>a</name></attribute></configElement>`, /appears twice/],
    ["empty body", ``, /empty XML body/],
    ["illegal character reference", `<configElement><elementType>&#0;</elementType></configElement>`, /not a legal XML character/],
  ];
  test.each(cases)("%s", (_name, xml, message) => {
    expect(() => decodeConfigElementDocument(xml)).toThrow(XmlInputError);
    expect(() => decodeConfigElementDocument(xml)).toThrow(message);
  });

  test("deep nesting is refused, not recursed into", () => {
    const depth = 5000;
    const xml = `<configElement>${"<subElement>".repeat(depth)}${"</subElement>".repeat(depth)}</configElement>`;
    expect(() => decodeConfigElementDocument(xml)).toThrow(XmlInputError);
  });

  test("an oversized body is refused before parsing", () => {
    const xml = `<configElement><elementType>${"x".repeat(MAX_XML_BYTES)}</elementType></configElement>`;
    expect(() => parseXml(xml)).toThrow(/exceeds the \d+-byte limit/);
  });
});
