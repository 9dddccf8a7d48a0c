/** Template instantiation on hand-made trees: what each kind of substitution value puts in place. */
import { describe, expect, it } from "vitest";
import { Budget } from "../../../../worker/formats/evtx/budget.ts";
import type { Content, Value, XmlAttribute, XmlElement } from "../../../../worker/formats/evtx/nodes.ts";
import { resolveElement } from "../../../../worker/formats/evtx/resolve.ts";

function element(name: string, children: Content[] = [], attributes: XmlAttribute[] = []): XmlElement {
  const constant = [...children, ...attributes.flatMap((attribute) => attribute.value)].every(
    (node) => typeof node !== "object" || (node.kind === "element" && node.constant),
  );
  return { kind: "element", name, attributes, children, constant };
}

const substitution = (index: number): Content => ({ kind: "substitution", index });

/** Content without the `constant` marks, which only say whether resolution could reuse an element. */
function plain(nodes: readonly Content[]): unknown[] {
  return nodes.map((node) =>
    typeof node === "object" && node.kind === "element"
      ? {
          name: node.name,
          attributes: node.attributes.map((attribute) => ({ name: attribute.name, value: plain(attribute.value) })),
          children: plain(node.children),
        }
      : node,
  );
}

function resolve(template: XmlElement, values: Value[]): unknown[] {
  const out: Content[] = [];
  resolveElement(template, values, new Budget(1000), out);
  return plain(out);
}

const expected = (...elements: XmlElement[]) => plain(elements);

describe("resolveElement", () => {
  it("puts scalars in place and leaves empty values (NullType, empty strings) out", () => {
    const template = element("E", [substitution(0), substitution(1), substitution(2), substitution(3)]);
    expect(resolve(template, [null, "", "text", 7])).toEqual(expected(element("E", ["text", 7])));
  });

  it("drops an attribute whose substitution is empty", () => {
    const template = element("E", [], [{ name: "Qualifiers", value: [substitution(0)] }]);
    expect(resolve(template, [null])).toEqual(expected(element("E")));
  });

  it("puts nested Binary XML's elements in place", () => {
    const nested = element("Inner", ["x"]);
    expect(resolve(element("UserData", [substitution(0)]), [[nested]])).toEqual(
      expected(element("UserData", [nested])),
    );
  });

  it("repeats the element holding an array once per item, an empty string leaving its copy empty", () => {
    const template = element("Data", [substitution(0)]);
    expect(resolve(template, [{ kind: "array", items: ["a", "", "c"] }])).toEqual(
      expected(element("Data", ["a"]), element("Data"), element("Data", ["c"])),
    );
  });

  it("repeats for an array in an attribute, leaving the attribute out for an empty item", () => {
    const template = element("E", [], [{ name: "n", value: [substitution(0)] }]);
    expect(resolve(template, [{ kind: "array", items: [1, ""] }])).toEqual(
      expected(element("E", [], [{ name: "n", value: [1] }]), element("E")),
    );
  });

  it("writes a one-item array as text, as the Rust crate does, without repeating anything", () => {
    expect(resolve(element("E", [substitution(0)]), [{ kind: "array", items: [5] }])).toEqual(
      expected(element("E", ["5"])),
    );
  });

  it("reuses an element without substitutions as it is", () => {
    const constant = element("Provider", [], [{ name: "Name", value: ["EventLog"] }]);
    const out: Content[] = [];
    resolveElement(element("System", [constant, substitution(0)]), [1], new Budget(1000), out);
    expect((out[0] as XmlElement).children[0]).toBe(constant);
  });

  it("stops when the values would repeat elements past the budget", () => {
    const template = element("E", [substitution(0), substitution(1), substitution(2)]);
    const array: Value = { kind: "array", items: Array.from({ length: 20 }, (_, i) => i) };
    expect(() => resolveElement(template, [array, array, array], new Budget(1000), [])).toThrow(
      "the record expands to more than 1000 elements",
    );
  });
});
