/**
 * The reader-neutral form that every EVTX reader's output is compared in: one rendered event becomes
 * a flat map of field paths to strings. This module is the ONE place where format-only differences
 * between readers are normalised away; everything it does not touch is compared as the reader wrote it.
 *
 * Paths: `System/EventID`, `System/Provider@Name`, `System/TimeCreated@SystemTime`,
 * `EventData/<Data's Name>`, `UserData/<element>/<child>@<attribute>`. A `Data` element with a
 * Name attribute is named by it (as evtx_dump's JSON keys it); the second and later siblings of the
 * same name are `Name_1`, `Name_2`, ... (evtx_dump's JSON spelling), so repeated `Data` or `Header`
 * elements keep their order. An element without child elements has a field for its text, "" when
 * empty, so a reader that drops an element differs from one that renders it empty.
 */

/** One element of a rendered event: what a reader's XML or JSON output becomes before it is flattened. */
export interface EvtxElement {
  name: string;
  attributes: [name: string, value: string][];
  children: EvtxElement[];
  text: string;
}

/** One record as a reader rendered it, in the reader-neutral form. */
export interface NormalisedRecord {
  recordId: number;
  fields: Map<string, string>;
  /** Where the record starts in the file, for a reader that says (the repo's own). */
  offset?: number;
}

const TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z?$/;
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const HEX = /^0x([0-9a-f]+)$/i;

/**
 * The format-only normalisations, each because readers spell the same value differently:
 * - line breaks become "\n": XML parsers turn "\r\n" into "\n" (XML 1.0 section 2.11), JSON keeps it;
 * - times become `YYYY-MM-DDTHH:MM:SS.fffffffZ` (FILETIME's 100 ns): python-evtx writes
 *   "2016-07-08 18:12:51.681641" (no fraction at all on a whole second), evtxexport
 *   "2016-07-08T18:12:51.681640800Z", evtx_dump "2016-07-08T18:12:51.681640Z". Zeros are padded or
 *   dropped, never digits: a reader's lost precision stays a difference;
 * - GUIDs become lower case in braces: evtx_dump writes GUID-typed values bare and upper case,
 *   python-evtx lower case in braces, evtxexport upper case in braces;
 * - hex numbers become lower case without leading zeros: evtxexport pads 64-bit hex to 16 digits
 *   ("0x00000000000003e7"), evtx_dump does not ("0x3e7").
 */
export function normaliseValue(value: string): string {
  const text = value.replace(/\r\n?/g, "\n");
  const time = TIME.exec(text);
  if (time) {
    const fraction = (time[3] ?? "").padEnd(7, "0");
    return `${time[1]}T${time[2]}.${/^\d{7}0*$/.test(fraction) ? fraction.slice(0, 7) : fraction}Z`;
  }
  const guid = GUID.exec(text);
  if (guid?.[1]) return `{${guid[1].toLowerCase()}}`;
  const hex = HEX.exec(text);
  if (hex?.[1]) return `0x${hex[1].toLowerCase().replace(/^0+(?=.)/, "")}`;
  return text;
}

/**
 * Attributes that carry no value: namespace declarations, and empty ones, because python-evtx
 * renders a null substitution as an empty attribute (`Qualifiers=""`) where the others leave it out.
 */
function keptAttributes(element: EvtxElement): [string, string][] {
  return element.attributes.filter(
    ([name, value]) => value !== "" && name !== "xmlns" && !name.startsWith("xmlns:") && !isDataName(element, name),
  );
}

function isDataName(element: EvtxElement, attribute: string): boolean {
  return element.name === "Data" && attribute === "Name" && dataName(element) !== undefined;
}

function dataName(element: EvtxElement): string | undefined {
  if (element.name !== "Data") return undefined;
  const name = element.attributes.find(([attribute]) => attribute === "Name")?.[1];
  return name ? name : undefined;
}

/** The fields of one rendered `Event` element; its own attributes are only namespace declarations. */
export function eventFields(event: EvtxElement): Map<string, string> {
  const fields = new Map<string, string>();
  addChildren(event, "", fields);
  return fields;
}

/** The fields of elements that sit at `path`, as if they were the children of an element there. */
export function fieldsUnder(path: string, elements: EvtxElement[]): Map<string, string> {
  const fields = new Map<string, string>();
  addChildren({ name: "", attributes: [], children: elements, text: "" }, `${path}/`, fields);
  return fields;
}

function addChildren(parent: EvtxElement, prefix: string, fields: Map<string, string>) {
  const seen = new Map<string, number>();
  for (const child of parent.children) {
    const name = dataName(child) ?? child.name;
    const index = seen.get(name) ?? 0;
    seen.set(name, index + 1);
    addElement(child, `${prefix}${index === 0 ? name : `${name}_${index}`}`, fields);
  }
}

function addElement(element: EvtxElement, path: string, fields: Map<string, string>) {
  for (const [name, value] of keptAttributes(element)) fields.set(`${path}@${name}`, normaliseValue(value));
  if (element.children.length === 0) fields.set(path, normaliseValue(element.text));
  else {
    // Text between child elements is the writer's layout unless it says something.
    if (element.text.trim() !== "") fields.set(path, normaliseValue(element.text.trim()));
    addChildren(element, `${path}/`, fields);
  }
}

/** A record in the neutral form, numbered by its `System/EventRecordID` (-1 when it has none). */
export function normalisedRecord(event: EvtxElement): NormalisedRecord {
  const fields = eventFields(event);
  return { recordId: recordIdOf(fields), fields };
}

/** A record's `System/EventRecordID` as a number, -1 when it has none. */
export function recordIdOf(fields: Map<string, string>): number {
  const id = fields.get("System/EventRecordID") ?? "";
  return /^\d{1,15}$/.test(id) ? Number(id) : -1;
}
