import { closeSync, openSync, readSync } from "node:fs";
import type { Difference, DifferenceContext, Explanation } from "./evtx-compare.ts";
import { RECORD } from "./evtx-compare.ts";
import { fieldsUnder, type NormalisedRecord, normaliseValue } from "./evtx-fields.ts";
import { parseXml } from "./evtx-xml.ts";

/**
 * The EXPLAINED differences: every known way the readers disagree after normalisation, each with
 * why, and each checked against the values (not just the field's name), so an explanation never
 * covers a difference of another kind. The entries are about one reader against all the others
 * agreeing among themselves; a difference that no entry explains is a finding.
 */

const PYTHON_EVTX = "python-evtx";
const EVTXEXPORT = "evtxexport";
const OURS = "ours";

type Check = Explanation["explains"];

/** `reader`'s value against the others', when the others agree and `related` holds between the two. */
function oneAgainstTheRest(
  reader: string,
  related: (
    value: string | null,
    others: string | null,
    difference: Omit<Difference, "explanation">,
    context: DifferenceContext,
  ) => boolean,
): Check {
  return (difference, context) => {
    if (!(reader in difference.values)) return false;
    const others = Object.entries(difference.values).filter(([name]) => name !== reader);
    const first = others[0];
    if (!first || others.some(([, value]) => value !== first[1])) return false;
    return related(difference.values[reader] ?? null, first[1], difference, context);
  };
}

const TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{7})Z$/;

/** The distance in 100 ns FILETIME ticks between two normalised times; `null` if either is not one. */
function ticksApart(a: string, b: string): number | null {
  const timeA = TIME.exec(a);
  const timeB = TIME.exec(b);
  if (!timeA?.[1] || !timeA[2] || !timeB?.[1] || !timeB[2]) return null;
  const seconds = (Date.parse(`${timeA[1]}Z`) - Date.parse(`${timeB[1]}Z`)) / 1000;
  return Math.abs(seconds * 10_000_000 + Number(timeA[2]) - Number(timeB[2]));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_BYTES = /^(?:[0-9A-Fa-f]{2})*$/;

/**
 * The text without the characters python-evtx's Views.py deletes: XML 1.1's restricted characters,
 * deleted after everything above ASCII became character references, so only the ASCII ones go.
 */
function withoutWhatPythonEvtxDeletes(text: string): string {
  return [...text]
    .filter((character) => {
      const code = character.charCodeAt(0);
      const restricted =
        (code >= 0x01 && code <= 0x08) || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f);
      return !restricted && code !== 0x7f;
    })
    .join("");
}

const STRING_ARRAY = /^(?:<string>[\s\S]*?<\/string>\n)+$/;
const STRING_ITEM = /<string>([\s\S]*?)<\/string>\n/g;

/** A field's sibling group and its index in it: `EventData/Data_2` is group `EventData/Data`, index 2. */
function siblingIndex(field: string): { group: string; index: number } {
  const indexed = /^(.*)_(\d+)$/.exec(field);
  return indexed?.[1] && indexed[2] ? { group: indexed[1], index: Number(indexed[2]) } : { group: field, index: 0 };
}

/** The values of a sibling group, in order. */
function groupValues(record: NormalisedRecord, group: string): string[] {
  const values: string[] = [];
  for (
    let value = record.fields.get(group);
    value !== undefined;
    value = record.fields.get(`${group}_${values.length}`)
  ) {
    values.push(value);
  }
  return values;
}

/** python-evtx's values of a sibling group, its string arrays spread out into their items; null if it has none. */
function spreadStringArrays(record: NormalisedRecord, group: string): string[] | null {
  const values = groupValues(record, group);
  if (!values.some((value) => STRING_ARRAY.test(value))) return null;
  return values.flatMap((value) =>
    STRING_ARRAY.test(value) ? [...value.matchAll(STRING_ITEM)].map((item) => normaliseValue(item[1] ?? "")) : [value],
  );
}

/**
 * python-evtx's WstringArrayTypeNode.string (Evtx/Nodes.py), redone on the array the others render:
 * it searches the bytes for the next run of UTF-16 characters (re.search, and `.` skips 0x0A), takes
 * that run as an item, then drops that many bytes plus two from the START of what is left (not from
 * where the run was), then counts the NUL characters that follow as empty items.
 */
function pythonEvtxSplit(items: string[]): string[] | null {
  let bytes = Buffer.concat(items.map((item) => Buffer.from(`${item}\0`, "utf16le")));
  const result: string[] = [];
  while (bytes.length > 0) {
    const before = bytes.length;
    let start = 0;
    while (start + 1 < bytes.length && (bytes[start] === 0 || bytes[start + 1] === 0x0a)) start++;
    if (start + 1 < bytes.length) {
      let end = start;
      while (end + 1 < bytes.length && bytes[end] !== 0 && bytes[end + 1] !== 0x0a) end += 2;
      result.push(bytes.subarray(start, end).toString("utf16le"));
      bytes = bytes.subarray(end - start + 2);
      if (bytes.length === 0) break;
    }
    let nuls = 0;
    while (nuls < bytes.length && bytes[nuls] === 0) nuls++;
    // python-evtx raises here, and the record is not rendered at all.
    if (nuls % 2 === 1) return null;
    for (let count = 0; count < nuls / 2; count++) result.push("");
    bytes = bytes.subarray(nuls);
    // Bytes it can neither take as an item nor as NULs make python-evtx loop for ever; here they end the redo.
    if (bytes.length === before) return null;
  }
  return result;
}

/**
 * Whether python-evtx's sibling group is the others' with its one string array garbled: redoing its
 * split on the others' items gives other items than theirs, and exactly python-evtx's.
 */
function isPythonEvtxSplitOf(python: string[], theirs: string[]): boolean {
  const arrays = python.flatMap((value, index) => (STRING_ARRAY.test(value) ? [index] : []));
  const at = arrays[0];
  if (arrays.length !== 1 || at === undefined) return false;
  const after = python.length - at - 1;
  const items = theirs.slice(at, theirs.length - after);
  const rendered = [...(python[at] ?? "").matchAll(STRING_ITEM)].map((item) => normaliseValue(item[1] ?? ""));
  const split = pythonEvtxSplit(items);
  return (
    split !== null &&
    split.join("\0") !== items.join("\0") &&
    split.join("\0") === rendered.join("\0") &&
    python.slice(0, at).join("\0") === theirs.slice(0, at).join("\0") &&
    python.slice(at + 1).join("\0") === theirs.slice(theirs.length - after).join("\0")
  );
}

/** The field, or the nearest element above it, whose value in `record` is a string that is XML. */
function xmlValuedAncestor(record: NormalisedRecord, field: string): string | undefined {
  for (
    let end = field.length;
    end > 0;
    end = Math.max(field.lastIndexOf("/", end - 1), field.lastIndexOf("@", end - 1))
  ) {
    const value = record.fields.get(field.slice(0, end));
    if (value?.startsWith("<") && value.endsWith(">")) return field.slice(0, end);
  }
  return undefined;
}

const reparsed = new WeakMap<NormalisedRecord, Map<string, Map<string, string>>>();

/** The fields that a string value holding XML becomes when it is written out unescaped at `path`. */
function fieldsOfXmlValue(record: NormalisedRecord, path: string): Map<string, string> {
  const cache = reparsed.get(record) ?? new Map<string, Map<string, string>>();
  reparsed.set(record, cache);
  let fields = cache.get(path);
  if (!fields) {
    const parsed = parseXml(record.fields.get(path) ?? "", { fragment: true, indentsEmptyElements: false });
    fields = fieldsUnder(path, parsed.roots);
    cache.set(path, fields);
  }
  return fields;
}

/** Whether `record` has no field at `field`, nor any attribute or child of it. */
function lacksElement(record: NormalisedRecord | undefined, field: string): boolean {
  if (!record || record.fields.has(field)) return false;
  for (const name of record.fields.keys())
    if (name.startsWith(`${field}@`) || name.startsWith(`${field}/`)) return false;
  return true;
}

/** Whether the element at `field` has children in `record` and all their fields are empty. */
function allEmptyUnder(record: NormalisedRecord | undefined, field: string): boolean {
  if (!record) return false;
  let any = false;
  for (const [name, value] of record.fields) {
    if (!name.startsWith(`${field}/`)) continue;
    if (value !== "") return false;
    any = true;
  }
  return any;
}

const prefixes = new WeakMap<NormalisedRecord[], WeakMap<NormalisedRecord[], boolean>>();

/** Whether `shorter`'s record IDs, in order, are the first ones of `longer`'s. */
function isPrefix(shorter: NormalisedRecord[], longer: NormalisedRecord[]): boolean {
  const known = prefixes.get(shorter) ?? new WeakMap<NormalisedRecord[], boolean>();
  prefixes.set(shorter, known);
  let answer = known.get(longer);
  if (answer === undefined) {
    answer =
      shorter.length < longer.length && shorter.every((record, index) => record.recordId === longer[index]?.recordId);
    known.set(longer, answer);
  }
  return answer;
}

/** One of the repo's parser's problems, as its run lists them: `chunk N offset M: reason`. */
interface OurProblem {
  chunk: number | null;
  offset: number;
  reason: string;
}

const PROBLEM = /^(?:chunk (\d+)|file) offset (\d+): (.*)$/s;

function ourProblems(context: DifferenceContext): OurProblem[] {
  return (context.runs[OURS]?.problems ?? []).flatMap((text) => {
    const parsed = PROBLEM.exec(text);
    if (!parsed?.[2] || parsed[3] === undefined) return [];
    return [
      { chunk: parsed[1] === undefined ? null : Number(parsed[1]), offset: Number(parsed[2]), reason: parsed[3] },
    ];
  });
}

const FILE_HEADER_SIZE = 0x1000;
const CHUNK_SIZE = 0x10000;

function chunkOf(offset: number): number {
  return Math.floor((offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
}

/** The damage that makes a reader give up on the rest of a chunk: a record that is not whole where one should be. */
const RECORD_DAMAGE =
  /its size is not repeated at its end|does not fit|no record signature where a record should start/;

/** Where the damage a problem reports begins: the damaged record's start where it names one. */
function damagedAt(problem: OurProblem): number {
  const record = /^record at (\d+):/.exec(problem.reason);
  return record?.[1] ? Number(record[1]) : problem.offset;
}

/** Whether the difference is a record that only `reader` has. */
function onlyIn(reader: string, difference: Omit<Difference, "explanation">): boolean {
  return (
    difference.field === RECORD &&
    Object.entries(difference.values).every(([name, value]) => (name === reader ? value !== null : value === null))
  );
}

/** A record that is a whole event: a provider, an event ID and a time. */
function isWholeEvent(record: NormalisedRecord | undefined): boolean {
  return (
    record !== undefined &&
    (record.fields.get("System/Provider@Name") ?? "") !== "" &&
    (record.fields.get("System/EventID") ?? "") !== "" &&
    TIME.test(record.fields.get("System/TimeCreated@SystemTime") ?? "")
  );
}

/** The decimal or 0x-hex text as an integer, `null` if it is neither. */
function integer(text: string | null): bigint | null {
  if (text === null || !/^(?:\d+|0x[0-9a-f]+)$/.test(text)) return null;
  return BigInt(text);
}

/** Whether `name`, in UTF-16 as binary XML stores names, is among the bytes of the record at `offset`. */
function recordHoldsName(file: string, offset: number, name: string): boolean {
  const descriptor = openSync(file, "r");
  try {
    const header = Buffer.alloc(8);
    readSync(descriptor, header, 0, 8, offset);
    if (header.toString("latin1", 0, 4) !== "**\0\0") return false;
    const record = Buffer.alloc(Math.min(header.readUInt32LE(4), CHUNK_SIZE));
    readSync(descriptor, record, 0, record.length, offset);
    return record.includes(Buffer.from(name, "utf16le"));
  } finally {
    closeSync(descriptor);
  }
}

export const EXPLAINED: readonly Explanation[] = [
  {
    id: "python-evtx-filetime-through-a-float",
    reason:
      "python-evtx turns a FILETIME into seconds as a double (float(qword) * 1e-7, Evtx/BinaryParser.py parse_filetime) " +
      "and then into a datetime of whole microseconds: at about 1.3e10 seconds since 1601 a double's step is 1.9 µs, " +
      "so its times keep microseconds only and can be up to 3 µs off the 100 ns value the others render.",
    explains: oneAgainstTheRest(PYTHON_EVTX, (python, others) => {
      if (python === null || others === null || !TIME.test(python) || !python.endsWith("0Z")) return false;
      const apart = ticksApart(python, others);
      return apart !== null && apart <= 30;
    }),
  },
  {
    id: "python-evtx-booleans-capitalised",
    reason:
      "python-evtx renders a BoolType value with Python's str(): True and False; the others write true and false.",
    explains: oneAgainstTheRest(
      PYTHON_EVTX,
      (python, others) => (python === "True" && others === "true") || (python === "False" && others === "false"),
    ),
  },
  {
    id: "python-evtx-binary-as-base64",
    reason: "python-evtx renders a BinaryType value as base64; the others write its bytes as hex.",
    explains: oneAgainstTheRest(
      PYTHON_EVTX,
      (python, others) =>
        python !== null &&
        others !== null &&
        BASE64.test(python) &&
        HEX_BYTES.test(others) &&
        Buffer.from(python, "base64").toString("hex") === others.toLowerCase(),
    ),
  },
  {
    id: "python-evtx-deletes-restricted-characters",
    reason:
      "python-evtx deletes the ASCII control characters that XML 1.1 restricts (Evtx/Views.py RESTRICTED_CHARS; those " +
      "above ASCII it has already made character references, so they stay) from values; the others keep them " +
      "(evtxexport writes them raw, which is why its XML has 'disallowed character' complaints).",
    explains: oneAgainstTheRest(
      PYTHON_EVTX,
      (python, others) => python !== null && others !== null && withoutWhatPythonEvtxDeletes(others) === python,
    ),
  },
  {
    id: "python-evtx-string-array-garbled",
    reason:
      "python-evtx splits a string array wrongly when an item is empty: after finding the next run of characters " +
      "it drops bytes from the start of what is left instead of from that run (Evtx/Nodes.py " +
      "WstringArrayTypeNode.string), so leading empty items are lost and later items repeated. Checked: its " +
      "algorithm, redone on the items the others render, gives exactly python-evtx's items.",
    explains: oneAgainstTheRest(PYTHON_EVTX, (_python, _others, difference, context) => {
      const record = context.records[PYTHON_EVTX];
      const other = Object.entries(context.records).find(([name]) => name !== PYTHON_EVTX)?.[1];
      if (!record || !other || difference.field === RECORD || difference.field.includes("@")) return false;
      const { group } = siblingIndex(difference.field);
      return isPythonEvtxSplitOf(groupValues(record, group), groupValues(other, group));
    }),
  },
  {
    id: "python-evtx-string-array-as-one-text",
    reason:
      "python-evtx renders a string-array substitution (WstringArrayType) as ONE element whose text is " +
      "'<string>item</string>' lines; evtxexport repeats the element once per item, as Event Viewer shows it. " +
      "Checked: python-evtx's sibling elements, their arrays spread into items, are the others' elements one for one.",
    explains: oneAgainstTheRest(PYTHON_EVTX, (_python, others, difference, context) => {
      const record = context.records[PYTHON_EVTX];
      if (!record || difference.field === RECORD || difference.field.includes("@")) return false;
      const { group, index } = siblingIndex(difference.field);
      const spread = spreadStringArrays(record, group);
      return spread !== null && (spread[index] ?? null) === others;
    }),
  },
  {
    id: "evtxexport-writes-xml-strings-unescaped",
    reason:
      "evtxexport writes a string value that is itself XML (Microsoft-Windows-LiveId's SOAP envelopes) without " +
      "escaping it, so in its output the string becomes elements. Checked: the others' string, parsed as XML at " +
      "that place, gives exactly evtxexport's fields there.",
    explains: oneAgainstTheRest(EVTXEXPORT, (evtxexport, _others, difference, context) => {
      const other = Object.entries(context.records).find(([name]) => name !== EVTXEXPORT)?.[1];
      if (!other || difference.field === RECORD) return false;
      const path = xmlValuedAncestor(other, difference.field);
      if (path === undefined) return false;
      if (path === difference.field) return evtxexport === null;
      return (fieldsOfXmlValue(other, path).get(difference.field) ?? null) === evtxexport;
    }),
  },
  {
    id: "evtxexport-leaves-out-empty-substitutions",
    reason:
      "evtxexport leaves out an element whose content is an empty substitution (a zero-size or null value, as " +
      "Binary and Data often are); the others render it empty. Checked: evtxexport has nothing of the element, " +
      "the others have it empty; an element left with no children is then empty itself in evtxexport.",
    explains: oneAgainstTheRest(EVTXEXPORT, (evtxexport, others, difference, context) => {
      const mine = context.records[EVTXEXPORT];
      const other = Object.entries(context.records).find(([name]) => name !== EVTXEXPORT)?.[1];
      if (difference.field === RECORD) return false;
      if (evtxexport === null && others === "") return lacksElement(mine, difference.field);
      if (evtxexport === "" && others === null) return allEmptyUnder(other, difference.field);
      return false;
    }),
  },
  {
    id: "reader-stops-at-a-record-it-cannot-read",
    reason:
      "Both reference readers give up on the whole file at the first record they cannot parse (python-evtx with a " +
      "Python exception, evtxexport with 'unable to export records'), so the records after it are missing from that " +
      "reader. Checked: the reader exited with an error and its records are the first ones of the other reader's.",
    explains: (difference, context) => {
      if (difference.field !== RECORD) return false;
      const missing = Object.keys(difference.values).filter((name) => difference.values[name] === null);
      const present = Object.keys(difference.values).filter((name) => difference.values[name] !== null);
      return missing.every((name) => {
        const run = context.runs[name];
        if (!run?.problems.some((problem) => problem.startsWith("exit status"))) return false;
        return present.every((other) => isPrefix(run.records, context.runs[other]?.records ?? []));
      });
    },
  },
  {
    id: "python-evtx-renders-unreadable-records-empty",
    reason:
      "python-evtx renders a record whose binary XML is zeroed or garbage (a damaged record, or one in a chunk with " +
      "a broken signature, which it reads anyway) as an event of empty or zero System values; the others skip it. " +
      "Checked: only python-evtx has the record, and its EventRecordID is empty or 0.",
    explains: (difference, context) => {
      if (difference.field !== RECORD) return false;
      const others = Object.keys(difference.values).filter((name) => name !== PYTHON_EVTX);
      const id = context.records[PYTHON_EVTX]?.fields.get("System/EventRecordID");
      return others.every((name) => difference.values[name] === null) && (id === "" || id === "0");
    },
  },
  {
    id: "ours-times-to-the-microsecond",
    reason:
      "The repo's parser writes times as evtx_dump's JSON does, to the microsecond: the seventh digit of a " +
      "FILETIME's 100 ns is cut, not rounded (ingest and search keep milliseconds). evtxexport writes all seven " +
      "digits. Checked: ours is evtxexport's value with its last digit zeroed, and python-evtx, where it differs from " +
      "both, is within its float's 3 µs of evtxexport's.",
    explains: (difference) => {
      const { [OURS]: ours, [EVTXEXPORT]: evtxexport, [PYTHON_EVTX]: python } = difference.values;
      if (!ours || !evtxexport || !TIME.test(evtxexport) || ours !== `${evtxexport.slice(0, -2)}0Z`) return false;
      if (python === undefined || python === ours || python === evtxexport) return true;
      const apart = python === null ? null : ticksApart(python, evtxexport);
      return apart !== null && apart <= 30 && python?.endsWith("0Z") === true;
    },
  },
  {
    id: "ours-size-t-as-hex",
    reason:
      "The repo's parser writes a SizeType (size_t) value in hex, as Windows renders it in Event Viewer's XML and " +
      "as evtx_dump does (Security 4656's HandleId, 4648's ProcessId: 0x24c); python-evtx and evtxexport write it in " +
      "decimal. Checked: ours is 0x-hex, the others agree, and both are the same integer.",
    explains: oneAgainstTheRest(OURS, (ours, others) => {
      if (!ours?.startsWith("0x") || others === null || others.startsWith("0x")) return false;
      const value = integer(ours);
      return value !== null && value === integer(others);
    }),
  },
  {
    id: "evtxexport-empties-a-value-of-only-a-line-break",
    reason:
      "evtxexport writes a string value that is only a line break as an empty element (Application_no_crc32.evtx's " +
      "ExtraInfo of event 441); the others keep the line break, which is what the record holds.",
    explains: oneAgainstTheRest(EVTXEXPORT, (evtxexport, others) => evtxexport === "" && others === "\n"),
  },
  {
    id: "ours-reads-on-past-a-damaged-record",
    reason:
      "Where a record of a chunk is damaged (a zero or impossible size, a tail overwritten, no signature), python-evtx " +
      "and evtxexport stop reading that chunk; the repo's parser reports the damage and looks for the next record " +
      "signature whose size fits and is repeated at its end, as the Rust evtx crate does, so it recovers the records " +
      "after it (VSS copies and overwritten logs). Checked: only ours has the record, it is a whole event, and ours " +
      "reported damage earlier in the same chunk.",
    explains: (difference, context) => {
      const record = context.records[OURS];
      if (!onlyIn(OURS, difference) || record?.offset === undefined || !isWholeEvent(record)) return false;
      const offset = record.offset;
      return ourProblems(context).some(
        (problem) =>
          problem.chunk === chunkOf(offset) && damagedAt(problem) < offset && RECORD_DAMAGE.test(problem.reason),
      );
    },
  },
  {
    id: "references-skip-a-chunk-cut-after-its-records",
    reason:
      "A file cut inside its last chunk, but after that chunk's records end (CA_Mimikatz_Memssp_Default_Logs_Sysmon_11" +
      ".evtx, 4,608 bytes short), is refused whole by python-evtx and evtxexport; the repo's parser reads the records, " +
      "whose checksum still holds, and reports the cut. Checked: only ours has the record, and ours reported that " +
      "the file ends in this record's chunk after its records.",
    explains: (difference, context) => {
      const offset = context.records[OURS]?.offset;
      if (!onlyIn(OURS, difference) || offset === undefined) return false;
      return ourProblems(context).some(
        (problem) =>
          problem.chunk === chunkOf(offset) &&
          /^the file ends \d+ bytes into the chunk, after its records/.test(problem.reason),
      );
    },
  },
  {
    id: "references-skip-a-record-with-an-overwritten-tail",
    reason:
      "evtxexport leaves out a record whose size is not repeated at its end (its tail was overwritten by a newer " +
      "record), and python-evtx either reads it or raises on it and stops; the repo's parser reads it when its event " +
      "is whole (it names its provider) and reports the tail. Checked: ours reported exactly this record's tail, and " +
      "each reader without the record is evtxexport or one that exited with an error.",
    explains: (difference, context) => {
      const offset = context.records[OURS]?.offset;
      if (difference.field !== RECORD || difference.values[EVTXEXPORT] !== null || offset === undefined) return false;
      const lacking = Object.keys(difference.values).filter((name) => difference.values[name] === null);
      const excused = lacking.every(
        (name) =>
          name === EVTXEXPORT || context.runs[name]?.problems.some((problem) => problem.startsWith("exit status")),
      );
      return (
        excused &&
        ourProblems(context).some(
          (problem) => problem.reason === `record at ${offset}: its size is not repeated at its end`,
        )
      );
    },
  },
  {
    id: "references-drop-rendering-info-after-embedded-event-data",
    reason:
      "Some Shell-Core records hold their EventData as an embedded binary XML value with two parts: the EventData " +
      "template and then a RenderingInfo element (culture, level and task names, the rendered message). python-evtx " +
      "and evtxexport render the first part only; the repo's parser renders both. Checked: the others have no " +
      "RenderingInfo at all, and the name RenderingInfo is in the record's own bytes.",
    explains: (difference, context) => {
      const offset = context.records[OURS]?.offset;
      if (!difference.field.startsWith("RenderingInfo") || offset === undefined) return false;
      const othersLack = Object.entries(context.records).every(
        ([name, record]) => name === OURS || lacksElement(record, "RenderingInfo"),
      );
      return othersLack && recordHoldsName(difference.file, offset, "RenderingInfo");
    },
  },
];
