/**
 * Sigma placeholder values (rules/placeholders.yml): `name: [values]`, read by the bundler at build
 * time and again by the Worker from the bundle, so both refuse the same mistakes.
 */
const PLACEHOLDER_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export function parsePlaceholders(value: unknown): Record<string, string[]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("placeholders must be a map of placeholder name to a list of values");
  }
  const placeholders: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(value)) {
    if (!PLACEHOLDER_NAME.test(name)) {
      throw new Error(`placeholder name '${name}' must be letters, digits, '_', '.' or '-', without % signs`);
    }
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) throw new Error(`placeholder '${name}' has an empty list of values`);
    placeholders[name] = list.map((item, index) => {
      if (typeof item === "string" && item !== "") return item;
      if (typeof item === "number") return String(item);
      throw new Error(`placeholder '${name}' value ${index + 1} must be a non-empty string or a number`);
    });
  }
  return placeholders;
}
