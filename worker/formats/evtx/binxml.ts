/**
 * Binary XML (MS-EVEN6 2.2.12) as EVTX chunks store it: names are chunk offsets of a name
 * structure (defined in place the first time, where the offset points just past itself), and a
 * template instance points at its definition, written in place by the first record that uses it.
 * Each chunk has one reader, which keeps the names and parsed template definitions it has seen,
 * so each template is parsed once per chunk and reused by every record of the chunk.
 */
import { Budget } from "./budget.ts";
import { type ByteSource, EvtxFormatError } from "./bytes.ts";
import type { Content, Substitution, Value, XmlAttribute, XmlElement } from "./nodes.ts";
import { resolveElement } from "./resolve.ts";
import { utf16 } from "./text.ts";
import { arrayValue, BINXML_TYPE, isArrayType, scalarValue } from "./values.ts";

/** Deeper than any real event (about ten levels, two or three nested templates). */
const MAX_DEPTH = 48;

const EOF = 0x00;
const OPEN_START_ELEMENT = 0x01;
const CLOSE_START_ELEMENT = 0x02;
const CLOSE_EMPTY_ELEMENT = 0x03;
const END_ELEMENT = 0x04;
const VALUE = 0x05;
const ATTRIBUTE = 0x06;
const CDATA = 0x07;
const CHAR_REF = 0x08;
const ENTITY_REF = 0x09;
const PI_TARGET = 0x0a;
const PI_DATA = 0x0b;
const TEMPLATE_INSTANCE = 0x0c;
const NORMAL_SUBSTITUTION = 0x0d;
const OPTIONAL_SUBSTITUTION = 0x0e;
const FRAGMENT_HEADER = 0x0f;
/** Set on tokens followed by more of the same kind (another attribute, more text). */
const MORE = 0x40;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NO_ATTRIBUTES: readonly XmlAttribute[] = [];
const NO_CHILDREN: readonly Content[] = [];

type Template = { root: XmlElement } | { error: EvtxFormatError };

function isConstant(attributes: readonly XmlAttribute[], children: readonly Content[]): boolean {
  for (const attribute of attributes) {
    for (const node of attribute.value) if (typeof node === "object") return false;
  }
  for (const node of children) {
    if (typeof node === "object" && (node.kind !== "element" || !node.constant)) return false;
  }
  return true;
}

export class ChunkBinXml {
  readonly source: ByteSource;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, Template>();

  constructor(source: ByteSource) {
    this.source = source;
  }

  /** The root element of a record's Binary XML in [start, end). */
  readRecord(start: number, end: number, budget: Budget): XmlElement {
    const roots = new StreamReader(this, start, end, false, 0, budget).document();
    const root = roots[0];
    if (root === undefined) throw new EvtxFormatError("the record holds no XML element", start);
    return root;
  }

  name(offset: number): string {
    let name = this.names.get(offset);
    if (name === undefined) {
      this.source.need(offset, 8, "name");
      name = utf16(this.source, offset + 8, this.source.u16(offset + 6));
      this.names.set(offset, name);
    }
    return name;
  }

  /**
   * The parsed definition at offset, parsed on first use. It is cached for the chunk, failure
   * included, so nothing of the record that happens to use it first may decide its fate: it is
   * parsed at depth 0 (it holds no template instance, only elements) with a budget of its own
   * (each element takes bytes, so its size bounds it).
   */
  template(offset: number): XmlElement {
    let template = this.templates.get(offset);
    if (template === undefined) {
      try {
        const size = this.source.u32(offset + 20);
        const end = Math.min(offset + 24 + size, this.source.length);
        const roots = new StreamReader(this, offset + 24, end, true, 0, new Budget(size)).document();
        const root = roots[0];
        if (root === undefined) throw new EvtxFormatError("the template definition holds no element", offset);
        template = { root };
      } catch (error) {
        if (!(error instanceof EvtxFormatError)) throw error;
        template = { error: new EvtxFormatError(`template definition at ${offset}: ${error.message}`, error.offset) };
      }
      this.templates.set(offset, template);
    }
    if ("error" in template) throw template.error;
    return template.root;
  }
}

/** Reads one token stream: a record, a template definition, or a nested Binary XML value. */
class StreamReader {
  private readonly chunk: ChunkBinXml;
  private readonly source: ByteSource;
  private pos: number;
  private readonly end: number;
  /**
   * Substitutions are placeholders, template instances cannot occur, and element starts carry a
   * dependency id: elements outside definitions (a record without a template, as forwarded events
   * are, or a nested Binary XML value) have none (MSExchange_Management_wec.evtx).
   */
  private readonly inDefinition: boolean;
  private readonly depth: number;
  private readonly budget: Budget;

  constructor(chunk: ChunkBinXml, start: number, end: number, inDefinition: boolean, depth: number, budget: Budget) {
    if (depth > MAX_DEPTH) throw new EvtxFormatError(`Binary XML nests deeper than ${MAX_DEPTH} levels`, start);
    this.chunk = chunk;
    this.source = chunk.source;
    this.pos = start;
    this.end = Math.min(end, chunk.source.length);
    this.inDefinition = inDefinition;
    this.depth = depth;
    this.budget = budget;
  }

  private token(): number {
    if (this.pos >= this.end) throw new EvtxFormatError("Binary XML ends inside an element", this.pos);
    return this.source.bytes[this.pos] as number;
  }

  /** The top level: fragment headers, elements and template instances up to the end-of-file token. */
  document(): XmlElement[] {
    const roots: Content[] = [];
    while (this.pos < this.end) {
      const token = this.source.bytes[this.pos] as number;
      if (token === EOF) break;
      if (token === FRAGMENT_HEADER) this.pos += 4;
      else if ((token & ~MORE) === OPEN_START_ELEMENT) roots.push(this.element(token, this.depth));
      else if (token === TEMPLATE_INSTANCE && !this.inDefinition) this.templateInstance(roots);
      else if (token === PI_TARGET || token === PI_DATA) this.processingInstruction(token);
      else throw new EvtxFormatError(`unexpected token 0x${token.toString(16)} at the top of a fragment`, this.pos);
    }
    return roots.filter((root): root is XmlElement => typeof root === "object" && root.kind === "element");
  }

  /** A name offset; when it points just past itself the name structure follows and is skipped. */
  private name(): string {
    const offset = this.source.u32(this.pos);
    this.pos += 4;
    const name = this.chunk.name(offset);
    if (offset === this.pos) this.pos += 8 + name.length * 2 + 2;
    return name;
  }

  private element(token: number, depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw new EvtxFormatError(`elements nest deeper than ${MAX_DEPTH} levels`, this.pos);
    this.budget.spend(this.pos);
    this.pos += this.inDefinition ? 7 : 5;
    const name = this.name();
    let attributes = NO_ATTRIBUTES;
    if (token & MORE) {
      this.pos += 4;
      const list: XmlAttribute[] = [];
      while ((this.token() & ~MORE) === ATTRIBUTE) {
        this.pos += 1;
        const attributeName = this.name();
        list.push({ name: attributeName, value: this.attributeValue() });
      }
      attributes = list;
    }
    const close = this.token();
    this.pos += 1;
    let children = NO_CHILDREN;
    if (close === CLOSE_START_ELEMENT) children = this.content(depth);
    else if (close !== CLOSE_EMPTY_ELEMENT) {
      throw new EvtxFormatError(
        `element <${name}> has token 0x${close.toString(16)} where its start tag closes`,
        this.pos - 1,
      );
    }
    return { kind: "element", name, attributes, children, constant: isConstant(attributes, children) };
  }

  private attributeValue(): Content[] {
    const value: Content[] = [];
    for (;;) {
      const token = this.token();
      const kind = token & ~MORE;
      if (kind === VALUE) this.valueText(value);
      else if (token === NORMAL_SUBSTITUTION || token === OPTIONAL_SUBSTITUTION) value.push(this.substitution());
      else if (kind === CHAR_REF) value.push(this.charRef());
      else if (kind === ENTITY_REF) value.push(this.entityRef());
      else return value;
    }
  }

  private content(depth: number): Content[] {
    const children: Content[] = [];
    for (;;) {
      const token = this.token();
      switch (token) {
        case END_ELEMENT:
          this.pos += 1;
          return children;
        case OPEN_START_ELEMENT:
        case OPEN_START_ELEMENT | MORE:
          children.push(this.element(token, depth + 1));
          break;
        case VALUE:
        case VALUE | MORE:
          this.valueText(children);
          break;
        case CDATA:
        case CDATA | MORE: {
          const units = this.source.u16(this.pos + 1);
          const text = utf16(this.source, this.pos + 3, units);
          this.pos += 3 + units * 2;
          if (text !== "") children.push(text);
          break;
        }
        case CHAR_REF:
        case CHAR_REF | MORE:
          children.push(this.charRef());
          break;
        case ENTITY_REF:
        case ENTITY_REF | MORE:
          children.push(this.entityRef());
          break;
        case PI_TARGET:
        case PI_DATA:
          this.processingInstruction(token);
          break;
        case TEMPLATE_INSTANCE:
          if (this.inDefinition)
            throw new EvtxFormatError("a template instance inside a template definition", this.pos);
          this.templateInstance(children);
          break;
        case NORMAL_SUBSTITUTION:
        case OPTIONAL_SUBSTITUTION:
          children.push(this.substitution());
          break;
        case FRAGMENT_HEADER:
          this.pos += 4;
          break;
        default:
          throw new EvtxFormatError(`unexpected token 0x${token.toString(16)} in element content`, this.pos);
      }
    }
  }

  private valueText(out: Content[]): void {
    const units = this.source.u16(this.pos + 2);
    const text = utf16(this.source, this.pos + 4, units);
    this.pos += 4 + units * 2;
    if (text !== "") out.push(text);
  }

  private charRef(): string {
    const code = this.source.u16(this.pos + 1);
    this.pos += 3;
    return String.fromCharCode(code);
  }

  private entityRef(): string {
    this.pos += 1;
    const name = this.name();
    return ENTITIES[name] ?? `&${name};`;
  }

  /** Processing instructions have no place in evtx_dump's JSON: read past them. */
  private processingInstruction(token: number): void {
    if (token === PI_TARGET) {
      this.pos += 1;
      this.name();
      return;
    }
    this.pos += 3 + this.source.u16(this.pos + 1) * 2;
  }

  private substitution(): Substitution {
    if (!this.inDefinition) throw new EvtxFormatError("a substitution outside a template definition", this.pos);
    const index = this.source.u16(this.pos + 1);
    this.pos += 4;
    return { kind: "substitution", index };
  }

  /**
   * Token, a version byte, the template id, the definition's offset; the definition itself when
   * that offset is here, then the instance data: a count, (size, type) descriptors, the values.
   */
  private templateInstance(out: Content[]): void {
    const start = this.pos;
    this.source.need(start, 10, "template instance");
    const definition = this.source.u32(start + 6);
    let data = start + 10;
    if (definition === data) data = definition + 24 + this.source.u32(definition + 20);
    const template = this.chunk.template(definition);
    const count = this.source.u32(data);
    if (count > (this.end - data - 4) / 4) {
      throw new EvtxFormatError(`template instance claims ${count} values, more than its bytes hold`, data);
    }
    const values: Value[] = new Array(count);
    let at = data + 4 + count * 4;
    for (let i = 0; i < count; i++) {
      const size = this.source.u16(data + 4 + i * 4);
      const type = this.source.u8(data + 6 + i * 4);
      if (at + size > this.end) {
        throw new EvtxFormatError(`substitution value ${i} runs past the end of the record`, at);
      }
      values[i] = this.value(type, at, size);
      at += size;
    }
    this.pos = at;
    resolveElement(template, values, this.budget, out);
  }

  private value(type: number, offset: number, size: number): Value {
    if (type === BINXML_TYPE) {
      if (size === 0) return null;
      return new StreamReader(this.chunk, offset, offset + size, false, this.depth + 1, this.budget).document();
    }
    if (isArrayType(type)) return arrayValue(this.source, type, offset, size);
    return scalarValue(this.source, type, offset, size);
  }
}
