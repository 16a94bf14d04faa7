/**
 * What a reader should know about an attribute beyond its help text — key, default, range,
 * length, reference, secrecy — from its catalog entry. The typed classes' doc comments and the
 * native plugin's schema both describe attributes with these facts, so the two never disagree.
 */
import { describeReferences } from "../../../client/catalog/references";
import { AttributeSpec } from "../../../client/catalog/schema";

/** The facts, one short clause each; `inSubElement` words a key as what identifies a sub-element. */
export function attributeFacts(attr: AttributeSpec, inSubElement: boolean): string[] {
  const facts: string[] = [`SBC attribute \`${attr.name}\``];
  if (attr.key) facts.push(inSubElement ? "identifies the sub-element" : "key attribute: changing it replaces the element");
  if (attr.defaultValue !== undefined) {
    facts.push(`default ${Array.isArray(attr.defaultValue) ? JSON.stringify(attr.defaultValue) : `"${attr.defaultValue}"`}`);
  }
  if (attr.min !== undefined || attr.max !== undefined) facts.push(`range ${attr.min ?? "…"}–${attr.max ?? "…"}`);
  if (attr.maxLength !== undefined) facts.push(`at most ${attr.maxLength} characters`);
  if (attr.references) facts.push(`names a ${describeReferences(attr.references)}`);
  if (attr.secret) facts.push("secret: kept a Pulumi secret in state and outputs");
  return facts;
}
