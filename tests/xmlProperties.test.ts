/**
 * Property-based tests (fast-check) of the XML codec and of the emulator's request parsing with
 * random and mutated XML: they never crash or hang, refuse what they cannot read with an
 * XmlInputError (a 400 from the emulator, configuration unchanged), and attribute values
 * round-trip byte for byte through codec, client and emulator.
 */
import fc from "fast-check";
import { decodeConfigElementDocument, encodeConfigElementDocument, findIllegalXmlChar, XmlInputError } from "../client/xmlCodec";
import { clientFor, login, raw, useEmulator } from "./support/emulator";

const emulator = useEmulator();

/** Strings XML can carry: any Unicode scalar value but the C0 controls other than tab, LF and CR. */
const xmlText = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => findIllegalXmlChar(s) === undefined);
const tricky = fc.constantFrom("&", "<", ">", '"', "'", "]]>", "&amp;", "&#233;", "<![CDATA[", "\r\n", "\t", " ", "é", "你好", "😀", "\u00a0", "\ufeff");
const value = fc.array(fc.oneof(xmlText, tricky), { maxLength: 8 }).map((parts) => parts.join(""));

const VALID = encodeConfigElementDocument({
  elementType: "realm-config",
  attributes: { identifier: "fuzz", description: "a & b", "network-interfaces": ["M00:0", "M01:0"] },
  subElements: [{ elementType: "x", attributes: { y: "z" }, subElements: [] }],
});

/** A valid document with random edits: characters inserted, deleted or replaced. */
const mutated = fc
  .array(
    fc.record({
      at: fc.nat(),
      drop: fc.nat({ max: 6 }),
      insert: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("<", ">", "&", "</", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "<![CDATA[", "]]>", "\u0000", "<attribute>")),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((edits) =>
    edits.reduce((doc, e) => {
      const at = e.at % (doc.length + 1);
      return doc.slice(0, at) + e.insert + doc.slice(at + e.drop);
    }, VALID),
  );

describe("codec", () => {
  test("attribute values round-trip byte for byte", () => {
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 3 }), (single, list) => {
        const element = { elementType: "realm-config", attributes: { description: single, options: list }, subElements: [] };
        const decoded = decodeConfigElementDocument(encodeConfigElementDocument(element), () => true);
        expect(decoded.attributes.description).toEqual([single]);
        expect(decoded.attributes.options).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  test("mutated documents are either read or refused with an XmlInputError, quickly", () => {
    fc.assert(
      fc.property(mutated, (doc) => {
        const started = Date.now();
        try {
          decodeConfigElementDocument(doc);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlInputError);
          expect((err as Error).message.length).toBeGreaterThan(0);
        }
        expect(Date.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 500 },
    );
  });

  test("arbitrary text is either read or refused with an XmlInputError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (doc) => {
        try {
          decodeConfigElementDocument(doc);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlInputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("emulator", () => {
  test("mutated request bodies never crash it: 400 with a message, or a normal answer; refused ones change nothing", async () => {
    const token = await login(emulator().url);
    expect((await raw(emulator().url, "POST", "/rest/v1.1/configuration/lock", { token })).status).toBe(204);
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const before = JSON.stringify([...emulator().sbc.store.stores.editing]);
        const res = await raw(emulator().url, "POST", "/rest/v1.1/configuration/configElements", { token, body });
        expect(res.status).not.toBe(500);
        if (res.status === 400) {
          expect(res.messages.join(" ")).not.toBe("");
          expect(JSON.stringify([...emulator().sbc.store.stores.editing])).toBe(before);
        }
        emulator().sbc.store.stores.editing.delete("realm-config");
      }),
      { numRuns: 150 },
    );
    await raw(emulator().url, "POST", "/rest/v1.1/configuration/unlock", { token });
  });

  test("attribute values round-trip byte for byte through client and emulator", async () => {
    const client = clientFor(emulator());
    try {
      await client.lock();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(value, async (description) => {
          const identifier = `rt${n++}`;
          await client.createElement({ elementType: "realm-config", attributes: { identifier, description }, subElements: [] });
          const back = await client.getElement("realm-config", { identifier });
          expect(back.attributes.description).toBe(description);
        }),
        { numRuns: 100 },
      );
    } finally {
      await client.unlock().catch(() => undefined);
      await client.close();
    }
  });
});
