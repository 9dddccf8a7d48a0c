import { SaxesParser } from "saxes";
import type { EvtxElement } from "./evtx-fields.ts";

/** The outermost elements of some XML, and what the XML parser found wrong with it. */
export interface ParsedXml {
  roots: EvtxElement[];
  errors: string[];
}

export interface XmlOutputShape {
  /** The XML is a sequence of elements with text between them, not one document (evtxexport's output). */
  fragment: boolean;
  /**
   * The writer puts an empty element's end tag on a line of its own (`<Data>\n    </Data>`), so text
   * of only whitespace with a line break in it is layout (the Rust crate's XML).
   */
  indentsEmptyElements: boolean;
}

const LAYOUT = /^[ \t]*\n\s*$/;

/**
 * Parses XML with a real XML parser (entities, character references and quoting are its business).
 * Parsing goes on past a malformed spot, so one bad record costs only itself; the parser's complaints
 * come back beside the elements it completed.
 */
export function parseXml(xml: string, shape: XmlOutputShape): ParsedXml {
  const parser = new SaxesParser({ fragment: shape.fragment, position: false });
  const roots: EvtxElement[] = [];
  const errors: string[] = [];
  const open: EvtxElement[] = [];
  parser.on("opentag", (tag) => {
    const attributes = Object.entries(tag.attributes).map(([name, value]): [string, string] => [name, String(value)]);
    const element: EvtxElement = { name: tag.name, attributes, children: [], text: "" };
    const parent = open.at(-1);
    if (parent) parent.children.push(element);
    else roots.push(element);
    open.push(element);
  });
  const addText = (text: string) => {
    const current = open.at(-1);
    if (current) current.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    const element = open.pop();
    if (!element) return;
    if (shape.indentsEmptyElements && element.children.length === 0 && LAYOUT.test(element.text)) element.text = "";
  });
  parser.on("error", (error) => {
    errors.push(error.message);
  });
  parser.write(xml).close();
  return { roots, errors };
}

/** The `Event` elements of a reader's output: its outermost elements, or those of an `Events` wrapper. */
export function eventElements(roots: EvtxElement[]): EvtxElement[] {
  return roots
    .flatMap((root) => (root.name === "Events" ? root.children : [root]))
    .filter((element) => element.name === "Event");
}
