/**
 * The name of each enum member in the generated SDKs, given in the schema. Without one, Pulumi's
 * generators name a member after its value, and their conversions mangle how an SBC spells values:
 * Python's snake-caser cuts an acronym before the character after it ("UDP+TCP" → UD_P_TCP), and
 * a value that starts with a digit gets the whole type name in front ("2048" →
 * CERTIFICATE_RECORD_KEY_SIZE_2048).
 *
 * A name is the value's words in PascalCase (`UdpTcp`), which TypeScript keeps as it is and
 * Python upper-snakes at each capital (`UDP_TCP`). Where Python would run two words together, an
 * underscore stays between them: before a number (`Sha2_256`, `Recurse_305Only`) and after a
 * one-letter word (`P_Cscf` → P_CSCF, where `PCscf` would be PCSCF). A value that starts with a
 * digit begins with the last word of its attribute's name (`key-size` 2048 → `Size_2048`,
 * SIZE_2048): the type's name says the rest.
 */

/**
 * The words of a value: runs of letters and digits, cut where a lower-case letter meets a capital
 * and where a capitalised word follows an acronym (`cRLSign` → c, RL, Sign; `IKEv2` stays whole).
 */
function words(value: string): string[] {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .flatMap((run) => run.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})/))
    .map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase());
}

/** The words as one name, with an underscore where Python would otherwise run two together. */
function joined(parts: readonly string[]): string {
  return parts
    .map((word, i) => {
      const apart = i > 0 && (/^\d/.test(word) || (/^[A-Z]$/.test(parts[i - 1]) && /^[A-Z]/.test(word)));
      return `${apart ? "_" : ""}${word}`;
    })
    .join("");
}

/** The member name of `value` of the attribute `attribute`; a value with no letter or digit to name it by is `Value`. */
export function enumMemberName(value: string, attribute: string): string {
  if (value === "") return "Empty";
  const parts = words(value);
  if (parts.length === 0) return "Value";
  const prefix = /^\d/.test(parts[0]) ? [words(attribute).filter((word) => /^[A-Z]/.test(word)).pop() ?? "Value"] : [];
  return joined([...prefix, ...parts]);
}

/** The member names of an attribute's values, in their order; a name two values share is numbered from its second use. */
export function enumMemberNames(values: readonly string[], attribute: string): string[] {
  const taken = new Set<string>();
  return values.map((value) => {
    const base = enumMemberName(value, attribute);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}
