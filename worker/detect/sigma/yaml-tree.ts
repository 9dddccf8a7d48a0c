/**
 * YAML documents as a tree that remembers where each key and value sits in the source, so a rule
 * error can name its line. Built from js-yaml's event stream rather than `loadAll`, which also
 * keeps each plain scalar's text: `0x10` stays `0x10` (what the log says), not the number 16.
 */
import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, YAMLException } from "js-yaml";

export type ScalarValue = string | number | boolean | null;

export interface YamlScalar {
  kind: "scalar";
  value: ScalarValue;
  /** The scalar's text as written (after YAML unquoting). */
  text: string;
  offset: number;
}

export interface YamlSeq {
  kind: "seq";
  items: YamlNode[];
  offset: number;
}

export interface YamlEntry {
  key: string;
  keyOffset: number;
  value: YamlNode;
}

export interface YamlMap {
  kind: "map";
  entries: YamlEntry[];
  offset: number;
}

export type YamlNode = YamlScalar | YamlSeq | YamlMap;

export interface YamlDocument {
  root: YamlNode | null;
  /** Where the document's text starts in the source (for an error about the whole document). */
  offset: number;
}

export interface YamlFailure {
  /** 1-based line of the syntax error. */
  line: number | null;
  reason: string;
}

export interface ParsedSource {
  documents: YamlDocument[];
  failures: YamlFailure[];
}

/** Maps offsets in one source text to 1-based lines. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * Parses every document of a source. A syntax error only costs the documents it is in: the text is
 * then re-read document by document (split at `---` lines) so the others still load.
 */
export function parseYamlSource(text: string): ParsedSource {
  try {
    return { documents: documentsFromEvents(text, 0), failures: [] };
  } catch (error) {
    if (!(error instanceof YAMLException) && !(error instanceof TreeError)) throw error;
  }
  const documents: YamlDocument[] = [];
  const failures: YamlFailure[] = [];
  for (const chunk of splitDocuments(text)) {
    try {
      documents.push(...documentsFromEvents(chunk.text, chunk.offset));
    } catch (error) {
      failures.push(failureOf(error, chunk.text, chunk.lineOffset));
    }
  }
  return { documents, failures };
}

function failureOf(error: unknown, chunkText: string, lineOffset: number): YamlFailure {
  if (error instanceof YAMLException) {
    const line = error.mark ? error.mark.line + 1 + lineOffset : null;
    return { line, reason: `YAML syntax error: ${error.reason}` };
  }
  if (error instanceof TreeError) {
    return { line: new LineIndex(chunkText).lineOf(error.offset) + lineOffset, reason: error.message };
  }
  throw error;
}

interface Chunk {
  text: string;
  /** Offset of the chunk in the whole source. */
  offset: number;
  /** Lines before the chunk in the whole source. */
  lineOffset: number;
}

function splitDocuments(text: string): Chunk[] {
  const lines = text.split("\n");
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let offset = 0;
  const push = (endOffset: number) => {
    const body = text.slice(start, endOffset);
    // Blank space between separators is not a document.
    if (body.trim() !== "") chunks.push({ text: body, offset: start, lineOffset: startLine });
  };
  lines.forEach((line, i) => {
    if (i > 0 && /^---(\s|$)/.test(line)) {
      push(offset);
      start = offset;
      startLine = i;
    }
    offset += line.length + 1;
  });
  push(text.length);
  return chunks;
}

/** A structural problem js-yaml accepts but a Sigma document cannot have (duplicate or non-scalar keys). */
class TreeError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

function documentsFromEvents(text: string, baseOffset: number): YamlDocument[] {
  const events = parseEvents(text, {});
  const builder = new TreeBuilder(text, events, baseOffset);
  return builder.documents();
}

class TreeBuilder {
  readonly #text: string;
  readonly #events: Event[];
  readonly #base: number;
  readonly #anchors = new Map<string, YamlNode>();
  #pos = 0;

  constructor(text: string, events: Event[], base: number) {
    this.#text = text;
    this.#events = events;
    this.#base = base;
  }

  documents(): YamlDocument[] {
    const docs: YamlDocument[] = [];
    while (this.#pos < this.#events.length) {
      const event = this.#events[this.#pos++];
      if (event?.type !== EVENT_ID.DOCUMENT) continue;
      this.#anchors.clear();
      const next = this.#events[this.#pos];
      if (next === undefined || next.type === EVENT_ID.DOCUMENT || next.type === EVENT_ID.POP) {
        if (next?.type === EVENT_ID.POP) this.#pos++;
        docs.push({ root: null, offset: this.#base });
        continue;
      }
      const root = this.#node();
      if (this.#events[this.#pos]?.type === EVENT_ID.POP) this.#pos++;
      docs.push({ root, offset: root.offset });
    }
    return docs;
  }

  #node(): YamlNode {
    const event = this.#events[this.#pos++];
    if (event === undefined) throw new TreeError("unexpected end of YAML document", this.#text.length);
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        const node = this.#scalar(event);
        this.#remember(event.anchorStart, event.anchorEnd, node);
        return node;
      }
      case EVENT_ID.SEQUENCE: {
        const node: YamlSeq = { kind: "seq", items: [], offset: this.#base + event.start };
        this.#remember(event.anchorStart, event.anchorEnd, node);
        while (this.#events[this.#pos]?.type !== EVENT_ID.POP) node.items.push(this.#node());
        this.#pos++;
        return node;
      }
      case EVENT_ID.MAPPING: {
        const node: YamlMap = { kind: "map", entries: [], offset: this.#base + event.start };
        this.#remember(event.anchorStart, event.anchorEnd, node);
        const seen = new Set<string>();
        while (this.#events[this.#pos]?.type !== EVENT_ID.POP) {
          const keyNode = this.#node();
          if (keyNode.kind !== "scalar")
            throw new TreeError("mapping keys must be plain values", keyNode.offset - this.#base);
          const key = keyNode.text;
          if (seen.has(key)) throw new TreeError(`duplicate key '${key}'`, keyNode.offset - this.#base);
          seen.add(key);
          node.entries.push({ key, keyOffset: keyNode.offset, value: this.#node() });
        }
        this.#pos++;
        return node;
      }
      case EVENT_ID.ALIAS: {
        const name = this.#text.slice(event.anchorStart, event.anchorEnd);
        const target = this.#anchors.get(name);
        if (target === undefined) throw new TreeError(`unknown YAML alias '*${name}'`, event.anchorStart);
        return target;
      }
      default:
        throw new TreeError("unexpected YAML structure", 0);
    }
  }

  #remember(start: number, end: number, node: YamlNode): void {
    if (start >= 0) this.#anchors.set(this.#text.slice(start, end), node);
  }

  #scalar(event: Extract<Event, { type: 4 }>): YamlScalar {
    const text = getScalarValue(this.#text, event);
    const offset = this.#base + event.valueStart;
    const explicitTag = event.tagStart >= 0;
    const value = event.style === SCALAR_STYLE.PLAIN && !explicitTag ? resolvePlain(text) : text;
    return { kind: "scalar", value, text, offset };
  }
}

/**
 * YAML 1.2 core types for plain scalars, except that only plain decimal numbers become numbers:
 * hex, octal and the like keep their text, because rules compare them with log text.
 */
function resolvePlain(text: string): ScalarValue {
  if (text === "" || text === "~" || /^(null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text) || /^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
  }
  return text;
}

/** The tree as plain JS values, for consumers that want ordinary objects. */
export function toPlain(node: YamlNode | null): unknown {
  if (node === null) return null;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) out[entry.key] = toPlain(entry.value);
  return out;
}

export function entryOf(node: YamlMap, key: string): YamlEntry | undefined {
  return node.entries.find((entry) => entry.key === key);
}
