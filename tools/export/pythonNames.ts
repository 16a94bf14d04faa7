/**
 * Python names of schema properties, as Pulumi's Python code generator makes them (PyName in
 * pkg/v3/codegen/python/python.go, v3.248.0): camelCase to snake_case, an acronym kept whole with
 * the digits (or an `s`) after it, a keyword given a trailing `_`. The exported Python program
 * must spell every keyword argument exactly as the generated pulumi_oracle_sbc SDK does;
 * tests/exportLanguages.test.ts checks this against every property of sdk/python.
 */

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except exec finally for from global if import in is lambda nonlocal not or pass print raise return try while with yield".split(" "),
);

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isDigit = (c: string) => c >= "0" && c <= "9";

export function pyName(name: string): string {
  const components: string[] = [];
  let current = "";
  let state: "first" | "upper" | "acronym" | "lowerOrNumber" = "first";
  for (let char of name) {
    if (!/[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u.test(char)) char = "_";
    if (state === "first") {
      if (!/[\p{L}\p{Nl}_]/u.test(char)) current += "_";
      state = isUpper(char) ? "upper" : "lowerOrNumber";
      current += char.toLowerCase();
    } else if (state === "upper") {
      state = isUpper(char) ? "acronym" : "lowerOrNumber";
      current += isUpper(char) ? char.toLowerCase() : char;
    } else if (state === "acronym") {
      if (isUpper(char)) current += char.toLowerCase();
      else if (isDigit(char) || char === "s") {
        state = "lowerOrNumber";
        current += char;
      } else {
        // The acronym's last letter starts the next word.
        components.push(current.slice(0, -1));
        current = current.slice(-1) + char;
        state = "lowerOrNumber";
      }
    } else if (isUpper(char)) {
      components.push(current);
      current = char.toLowerCase();
      state = "upper";
    } else {
      current += char;
    }
  }
  if (current) components.push(current);
  const result = components.join("_");
  return KEYWORDS.has(result) ? `${result}_` : result;
}
