/**
 * A resolved event tree as the JSON `evtx_dump -o json` (the Rust `evtx` crate) writes:
 * - an element with only text is that text; a single integer or boolean value stays a number or
 *   boolean; an element with nothing (no text, no children, no non-empty attribute) is null;
 * - otherwise an object: `#attributes` (the non-empty ones), `#text`, then the child elements,
 *   a repeated name getting `_1`, `_2`... (`Header`, `Header_1`);
 * - inside `EventData`/`UserData`, `<Data Name="x">v</Data>` becomes `"x": v` (an empty one `""`);
 *   a repeated name getting `_1`, `_2`... like any other; when no Data element has a name they
 *   are gathered as `"Data": {"#text": v or [v, ...]}`.
 */
import type { Budget } from "./budget.ts";
import type { Content, XmlAttribute, XmlElement } from "./nodes.ts";

type Json = Record<string, unknown>;

/** An own property even for `__proto__`, which plain assignment would take as the prototype. */
function setKey(object: Json, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function hasText(nodes: readonly Content[]): boolean {
  for (const node of nodes) {
    if (typeof node === "string" ? node !== "" : typeof node !== "object") return true;
  }
  return false;
}

function hasElement(nodes: readonly Content[]): boolean {
  for (const node of nodes) if (typeof node === "object") return true;
  return false;
}

function text(nodes: readonly Content[]): string {
  let out = "";
  for (const node of nodes) if (typeof node !== "object") out += String(node);
  return out;
}

/** A lone typed value keeps its JSON type; anything else is the concatenated text. */
function scalar(nodes: readonly Content[]): unknown {
  let single: Content | undefined;
  let count = 0;
  for (const node of nodes) {
    if (typeof node === "object" || node === "") continue;
    single = node;
    count++;
  }
  if (count === 1 && (typeof single === "number" || typeof single === "boolean")) return single;
  return text(nodes);
}

function attributesOf(attributes: readonly XmlAttribute[]): Json | null {
  let out: Json | null = null;
  for (const attribute of attributes) {
    if (!hasText(attribute.value)) continue;
    out ??= {};
    setKey(out, attribute.name, scalar(attribute.value));
  }
  return out;
}

function nameOf(element: XmlElement): string {
  for (const attribute of element.attributes) if (attribute.name === "Name") return text(attribute.value);
  return "";
}

const isContainer = (name: string) => name === "EventData" || name === "UserData";

class JsonRenderer {
  private readonly budget: Budget;

  constructor(budget: Budget) {
    this.budget = budget;
  }

  value(element: XmlElement): unknown {
    this.budget.spend(0);
    const attributes = attributesOf(element.attributes);
    const children = element.children;
    const withElements = hasElement(children);
    if (!withElements && attributes === null) return hasText(children) ? scalar(children) : null;
    return this.body(element, attributes);
  }

  private dataValue(element: XmlElement): unknown {
    this.budget.spend(0);
    if (hasElement(element.children)) return this.body(element, attributesOf(element.attributes));
    return hasText(element.children) ? scalar(element.children) : "";
  }

  private body(element: XmlElement, attributes: Json | null): Json {
    const out: Json = {};
    if (attributes !== null) out["#attributes"] = attributes;
    if (hasText(element.children)) out["#text"] = scalar(element.children);
    const container = isContainer(element.name);
    const data: XmlElement[] = [];
    let named = false;
    if (container) {
      for (const child of element.children) {
        if (typeof child !== "object" || child.kind !== "element" || child.name !== "Data") continue;
        data.push(child);
        if (nameOf(child) !== "") named = true;
      }
    }
    const seen = new Map<string, number>();
    let dataWritten = false;
    for (const child of element.children) {
      if (typeof child !== "object" || child.kind !== "element") continue;
      if (container && child.name === "Data") {
        if (named) {
          const name = nameOf(child);
          if (name === "") continue;
          // A template may name two Data alike (4648's two LogonGuid): the second is kept, as `_1`.
          const count = seen.get(name) ?? 0;
          seen.set(name, count + 1);
          setKey(out, count === 0 ? name : `${name}_${count}`, this.dataValue(child));
        } else if (!dataWritten) {
          dataWritten = true;
          out.Data = { "#text": data.length === 1 ? this.dataValue(child) : data.map((item) => this.dataValue(item)) };
        }
        continue;
      }
      const count = seen.get(child.name) ?? 0;
      seen.set(child.name, count + 1);
      setKey(out, count === 0 ? child.name : `${child.name}_${count}`, this.value(child));
    }
    return out;
  }
}

/** `{"Event": ...}`: the root element under its own name. */
export function eventJson(root: XmlElement, budget: Budget): Json {
  const out: Json = {};
  setKey(out, root.name, new JsonRenderer(budget).value(root));
  return out;
}
