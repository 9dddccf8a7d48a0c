/**
 * Zeek's default log format, its ASCII writer's TSV (docs.zeek.org, "Zeek TSV format logs" and
 * base/frameworks/logging/writers/ascii.zeek): a header of `#separator \x09`, `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#open`, `#fields` and `#types` lines, then one line per
 * record, and `#close`. Each record becomes what Zeek's JSON writer writes for it: values typed by
 * `#types` (count, int, double, port: numbers; bool: true/false; time and interval: seconds as a
 * number; set[...], table[...] and vector[...]: lists split on the set separator), the empty field
 * an empty string or list, the unset field left out, and `_path` from `#path`.
 *
 * The writer escapes the separators, backslashes and unprintable bytes inside a value as `\xHH`,
 * and a value that would read as the empty or unset field by its first byte; values are split
 * first and unescaped after, as Zeek's own reader does. Files concatenated together
 * (`cat conn.*.log`) start a new header at each `#separator`. Every line is read once, left to
 * right: the work is linear in the text whatever it holds.
 */

export type ZeekValue = string | number | boolean | null | ZeekValue[];
export type ZeekRecord = Record<string, ZeekValue>;

export interface ZeekLineError {
  /** 1-based line number in the text. */
  line: number;
  error: string;
}

export type ZeekTsvResult =
  | { ok: true; records: ZeekRecord[]; errors: ZeekLineError[] }
  | { ok: false; line: number; error: string };

interface Header {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | null;
  fields: string[] | null;
  types: string[] | null;
}

type Parse = (value: string) => ZeekValue | undefined;
type ParseScalar = (value: string) => ZeekValue;

const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const CONTAINER = /^(?:set|table|vector)\[(.+)\]$/;
const SCALAR_TYPES = new Set([
  "bool",
  "count",
  "int",
  "double",
  "time",
  "interval",
  "port",
  "string",
  "enum",
  "addr",
  "subnet",
  "pattern",
  "func",
  "file",
  "any",
]);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** `\xHH` escapes back to bytes, and the bytes as UTF-8 (Zeek passes valid UTF-8 through unescaped). */
export function unescapeZeek(value: string): string {
  if (!value.includes("\\x")) return value;
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const match of value.matchAll(HEX_ESCAPE)) {
    parts.push(encoder.encode(value.slice(last, match.index)), Uint8Array.of(Number.parseInt(match[1] as string, 16)));
    last = match.index + match[0].length;
  }
  parts.push(encoder.encode(value.slice(last)));
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return decoder.decode(bytes);
}

class ValueError extends Error {}

function number(value: string, pattern: RegExp, type: string): number {
  const trimmed = value.trim();
  if (!pattern.test(trimmed)) throw new ValueError(`'${value.slice(0, 40)}' is not a ${type}`);
  return Number(trimmed);
}

function scalarParser(type: string): ParseScalar {
  switch (type) {
    case "bool":
      return (value) => {
        if (value === "T") return true;
        if (value === "F") return false;
        throw new ValueError(`'${value.slice(0, 40)}' is not a bool (T or F)`);
      };
    case "count":
    case "int":
      return (value) => number(value, INTEGER, type);
    case "double":
    case "time":
    case "interval":
      return (value) => number(value, DECIMAL, type);
    // Zeek's reader accepts "80/tcp" too; its JSON writer writes the number alone.
    case "port":
      return (value) => number(value.split("/")[0] ?? "", INTEGER, type);
    default:
      return unescapeZeek;
  }
}

/** How one column's text becomes its value; `undefined` leaves the field out, as JSON does when unset. */
function columnParser(type: string, header: Header): Parse {
  const container = CONTAINER.exec(type);
  if (container === null) {
    const scalar = scalarParser(type);
    return (value) => {
      if (value === header.unsetField) return undefined;
      if (value === header.emptyField) return "";
      return scalar(value);
    };
  }
  const element = scalarParser(container[1] as string);
  return (value) => {
    if (value === header.unsetField) return undefined;
    if (value === header.emptyField) return [];
    return value.split(header.setSeparator).map((item) => (item === header.unsetField ? null : element(item)));
  };
}

function knownType(type: string): boolean {
  return SCALAR_TYPES.has(CONTAINER.exec(type)?.[1] ?? type);
}

const DEFAULT_HEADER = (separator: string): Header => ({
  separator,
  setSeparator: ",",
  emptyField: "(empty)",
  unsetField: "-",
  path: null,
  fields: null,
  types: null,
});

function headerError(header: Header): string | null {
  const { fields, types } = header;
  if (fields === null) return "the header has no #fields line";
  if (types === null) return "the header has no #types line";
  if (fields.length !== types.length)
    return `#fields names ${fields.length} fields but #types gives ${types.length} types`;
  const seen = new Set<string>();
  for (const field of fields) {
    if (field === "" || seen.has(field)) return `#fields names '${field}' ${field === "" ? "empty" : "twice"}`;
    seen.add(field);
  }
  const unknown = types.find((type) => !knownType(type));
  return unknown === undefined ? null : `#types has the unknown type '${unknown.slice(0, 40)}'`;
}

/** Whether a text is a Zeek TSV log: it starts with the `#separator` line Zeek writes first. */
export function isZeekTsv(text: string): boolean {
  return /^\uFEFF?#separator /.test(text);
}

export function parseZeekTsv(text: string): ZeekTsvResult {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const records: ZeekRecord[] = [];
  const errors: ZeekLineError[] = [];
  let header: Header | null = null;
  let parsers: { field: string; parse: Parse }[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).endsWith("\r") ? (lines[i] as string).slice(0, -1) : (lines[i] as string);
    const lineNo = i + 1;
    if (line.startsWith("#separator ")) {
      const separator = unescapeZeek(line.slice("#separator ".length));
      if (separator.length !== 1) return { ok: false, line: lineNo, error: "#separator must be one character" };
      header = DEFAULT_HEADER(separator);
      parsers = null;
      continue;
    }
    if (header === null) {
      return { ok: false, line: lineNo, error: "not a Zeek TSV log: it must start with a #separator line" };
    }
    if (line.startsWith("#")) {
      const [name = "", ...values] = line.slice(1).split(header.separator);
      const value = values.join(header.separator);
      if (name === "set_separator") header.setSeparator = unescapeZeek(value);
      else if (name === "empty_field") header.emptyField = unescapeZeek(value);
      else if (name === "unset_field") header.unsetField = unescapeZeek(value);
      else if (name === "path") header.path = unescapeZeek(value);
      else if (name === "fields") header.fields = values;
      else if (name === "types") header.types = values;
      if (name === "fields" || name === "types") parsers = null;
      if (header.setSeparator === "") return { ok: false, line: lineNo, error: "#set_separator is empty" };
      continue;
    }
    if (line === "") continue;
    if (parsers === null) {
      const error = headerError(header);
      if (error !== null) return { ok: false, line: lineNo, error: `malformed Zeek TSV header: ${error}` };
      const current: Header = header;
      parsers = (current.fields as string[]).map((field, n) => ({
        field,
        parse: columnParser((current.types as string[])[n] as string, current),
      }));
    }
    const values = line.split(header.separator);
    if (values.length !== parsers.length) {
      errors.push({ line: lineNo, error: `${values.length} values for ${parsers.length} #fields` });
      continue;
    }
    const record: ZeekRecord = Object.create(null);
    if (header.path !== null) record._path = header.path;
    try {
      parsers.forEach(({ field, parse }, n) => {
        const value = parse(values[n] as string);
        if (value !== undefined) record[field] = value;
      });
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      errors.push({ line: lineNo, error: error.message });
      continue;
    }
    records.push(record);
  }
  if (header === null) return { ok: false, line: 1, error: "not a Zeek TSV log: it must start with a #separator line" };
  return { ok: true, records, errors };
}
