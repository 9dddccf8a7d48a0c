/**
 * The XML tree Binary XML decodes to. A template definition is parsed once per chunk into this tree
 * with `Substitution` placeholders; a record's template instance resolves them against its values.
 *
 * Content is text (`string`), a typed scalar (`number`, `boolean`: rendered as JSON numbers when an
 * element holds nothing else, as evtx_dump does), an element, or, before resolution, a substitution
 * or an array value (an array repeats its element once per item, MS-EVEN6 3.1.4.7.5).
 */

export type Scalar = string | number | boolean;

export interface Substitution {
  readonly kind: "substitution";
  readonly index: number;
}

export interface ArrayValue {
  readonly kind: "array";
  readonly items: readonly Scalar[];
}

export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly Content[];
  /** No substitution anywhere below: resolution can reuse the element as it is. */
  readonly constant: boolean;
}

export interface XmlAttribute {
  readonly name: string;
  readonly value: readonly Content[];
}

export type Content = Scalar | XmlElement | Substitution | ArrayValue;

/**
 * A substitution value as decoded from a template instance: empty (NullType, or an optional
 * substitution with no value: its slot renders nothing), a scalar, an array, or nested Binary XML.
 */
export type Value = null | Scalar | ArrayValue | readonly XmlElement[];

export function isElement(content: Content): content is XmlElement {
  return typeof content === "object" && content.kind === "element";
}
