/**
 * Template instantiation: a template's tree with its substitutions replaced by one record's
 * values. An empty value (NullType, or an optional substitution left out) renders nothing; nested
 * Binary XML puts its elements in place; an array of more than one item repeats the element that
 * holds it once per item (MS-EVEN6 3.1.4.7.5), an empty string item leaving that copy empty.
 */
import type { Budget } from "./budget.ts";
import type { ArrayValue, Content, Value, XmlAttribute, XmlElement } from "./nodes.ts";

/** Resolved content holds no substitution; an array is left only where its element repeats. */
function resolveContent(nodes: readonly Content[], values: readonly Value[], budget: Budget, out: Content[]): void {
  for (const node of nodes) {
    if (typeof node !== "object") {
      out.push(node);
      continue;
    }
    if (node.kind === "element") {
      resolveElement(node, values, budget, out);
      continue;
    }
    const value = node.kind === "substitution" ? values[node.index] : node;
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "object") out.push(value);
    else if (Array.isArray(value)) for (const element of value as readonly XmlElement[]) out.push(element);
    else {
      const array = value as ArrayValue;
      // One item does not repeat its element, and the crate then writes the array as text: a
      // one-item array of numbers is a string, where the items of a longer one stay numbers.
      if (array.items.length > 1) out.push(array);
      else if (array.items.length === 1 && array.items[0] !== "") out.push(String(array.items[0]));
    }
  }
}

function firstArray(nodes: readonly Content[]): number {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Content;
    if (typeof node === "object" && node.kind === "array") return i;
  }
  return -1;
}

function replaced(nodes: readonly Content[], at: number, item: Content): Content[] {
  const copy = nodes.slice();
  if (item === "") copy.splice(at, 1);
  else copy[at] = item;
  return copy;
}

/** The element, repeated for each item of the first array it holds, then for the next array. */
function expand(
  name: string,
  attributes: readonly XmlAttribute[],
  children: readonly Content[],
  budget: Budget,
  out: Content[],
): void {
  const inChildren = firstArray(children);
  if (inChildren >= 0) {
    for (const item of (children[inChildren] as ArrayValue).items) {
      budget.spend(0);
      expand(name, attributes, replaced(children, inChildren, item), budget, out);
    }
    return;
  }
  for (let a = 0; a < attributes.length; a++) {
    const attribute = attributes[a] as XmlAttribute;
    const at = firstArray(attribute.value);
    if (at < 0) continue;
    for (const item of (attribute.value[at] as ArrayValue).items) {
      budget.spend(0);
      const value = replaced(attribute.value, at, item);
      const copy = attributes.slice();
      if (value.length === 0) copy.splice(a, 1);
      else copy[a] = { name: attribute.name, value };
      expand(name, copy, children, budget, out);
    }
    return;
  }
  out.push({ kind: "element", name, attributes, children, constant: false });
}

export function resolveElement(element: XmlElement, values: readonly Value[], budget: Budget, out: Content[]): void {
  budget.spend(0);
  if (element.constant) {
    out.push(element);
    return;
  }
  const attributes: XmlAttribute[] = [];
  for (const attribute of element.attributes) {
    const value: Content[] = [];
    resolveContent(attribute.value, values, budget, value);
    if (value.length > 0) attributes.push({ name: attribute.name, value });
  }
  const children: Content[] = [];
  resolveContent(element.children, values, budget, children);
  expand(element.name, attributes, children, budget, out);
}
