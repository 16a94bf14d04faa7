/**
 * The typed resource classes in provider/dynamic/resources/ are generated from element-type metadata and
 * committed; this fails when they are stale (run `npm run gen`), and shows that a metadata file
 * saved from an SBC generates the same classes as the catalog it came from.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { encodeMetadata, decodeMetadataFile } from "../client/catalog/metadataXml";
import { encodeEnvelope } from "../client/xmlCodec";
import { generateResources, GENERATED_HEADER } from "../tools/codegen/generateResources";

const RESOURCES = path.join(__dirname, "..", "provider", "dynamic", "resources");

test("committed typed resources match what `npm run gen` writes from the catalog", () => {
  const expected = generateResources(builtinCatalog.types());
  const onDisk = fs.readdirSync(RESOURCES).filter((f) => fs.readFileSync(path.join(RESOURCES, f), "utf8").startsWith(GENERATED_HEADER));
  expect(onDisk.sort()).toEqual([...expected.keys()].sort());
  for (const [name, content] of expected) {
    const actual = fs.readFileSync(path.join(RESOURCES, name), "utf8");
    if (actual !== content) throw new Error(`provider/dynamic/resources/${name} is stale: run \`npm run gen\` and commit the result`);
  }
});

test("metadata saved from an SBC (elementTypes/metadata responses) generates the same classes", () => {
  const saved = builtinCatalog.types().map((spec) => encodeEnvelope(encodeMetadata(spec)).replace(/^<\?xml[^>]*\?>/, "")).join("");
  const specs = decodeMetadataFile(`<catalog>${saved.replace(/<response>/g, "").replace(/<\/response>/g, "").replace(/<messages\/><links\/>/g, "")}</catalog>`);
  expect(specs.map((s) => s.name)).toEqual(builtinCatalog.types().map((s) => s.name));
  expect(generateResources(specs)).toEqual(generateResources(builtinCatalog.types()));
});

test("a typed class requires the key attributes and types its values", () => {
  const realm = fs.readFileSync(path.join(RESOURCES, "realmConfig.ts"), "utf8");
  expect(realm).toMatch(/^  identifier: pulumi\.Input<string>;$/m);
  expect(realm).toMatch(/^  mmInRealm\?: pulumi\.Input<"enabled" \| "disabled">;$/m);
  expect(realm).toMatch(/^  maxBandwidth\?: pulumi\.Input<number>;$/m);
  expect(realm).toMatch(/^  networkInterfaces\?: pulumi\.Input<pulumi\.Input<string>\[\]>;$/m);
  expect(realm).toContain('elementType: "realm-config"');
});
