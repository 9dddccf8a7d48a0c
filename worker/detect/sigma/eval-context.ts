/**
 * Per-event field cache shared by every rule tried on the event: each field is looked up through
 * the view, flattened to text and lower-cased at most once per event, whatever number of rules read
 * it. Fields are numbered at compile time so the cache is a few typed arrays reused across events.
 */
import type { FieldValue } from "../../model/event.ts";
import type { EventView } from "../types.ts";

/** Field id of "every value of the event" (Sigma keyword search). */
export const KEYWORDS = 0;

/** Numbers the field names rules use; id 0 is reserved for keyword search. */
export class FieldRegistry {
  readonly #ids = new Map<string, number>();
  readonly names: string[] = [""];

  idOf(field: string): number {
    let id = this.#ids.get(field);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(field);
      this.#ids.set(field, id);
    }
    return id;
  }
}

const NOTHING: readonly string[] = [];

export class EvalContext {
  readonly #names: readonly string[];
  #view: EventView | null = null;
  #generation = 0;
  #rawStamp = new Uint32Array(0);
  #textStamp = new Uint32Array(0);
  #lowerStamp = new Uint32Array(0);
  readonly #raw: (FieldValue | undefined)[] = [];
  readonly #text: (readonly string[])[] = [];
  readonly #lower: (readonly string[])[] = [];

  constructor(registry: FieldRegistry) {
    this.#names = registry.names;
    this.#fit();
  }

  /**
   * A rule compiled on first need (prepared-rules.ts) may number new fields after the context was
   * made: the caches grow to the registry at the next event. Until then a new field is read
   * uncached (a stamp past the array's end never equals the generation), never wrongly.
   */
  #fit(): void {
    const size = this.#names.length;
    if (size <= this.#rawStamp.length) return;
    const grown = (old: Uint32Array) => {
      const next = new Uint32Array(size);
      next.set(old);
      return next;
    };
    this.#rawStamp = grown(this.#rawStamp);
    this.#textStamp = grown(this.#textStamp);
    this.#lowerStamp = grown(this.#lowerStamp);
    for (let id = this.#raw.length; id < size; id++) {
      this.#raw.push(undefined);
      this.#text.push(NOTHING);
      this.#lower.push(NOTHING);
    }
  }

  /** Starts on a new event; everything cached for the previous one is forgotten. */
  reset(view: EventView): this {
    this.#view = view;
    this.#generation++;
    this.#fit();
    return this;
  }

  get view(): EventView {
    if (this.#view === null) throw new Error("EvalContext used before reset(view)");
    return this.#view;
  }

  /** The field's value as the view gives it; undefined when the event lacks the field. */
  raw(id: number): FieldValue | undefined {
    if (this.#rawStamp[id] !== this.#generation) {
      this.#rawStamp[id] = this.#generation;
      this.#raw[id] = id === KEYWORDS ? undefined : this.view.get(this.#names[id] ?? "");
    }
    return this.#raw[id];
  }

  /** Every non-null value of the field as text (arrays flattened); every event value for KEYWORDS. */
  text(id: number): readonly string[] {
    if (this.#textStamp[id] !== this.#generation) {
      this.#textStamp[id] = this.#generation;
      this.#text[id] = id === KEYWORDS ? this.view.values() : flattenToText(this.raw(id));
    }
    return this.#text[id] ?? NOTHING;
  }

  /** `text(id)` lower-cased. */
  lower(id: number): readonly string[] {
    if (this.#lowerStamp[id] !== this.#generation) {
      this.#lowerStamp[id] = this.#generation;
      const text = this.text(id);
      this.#lower[id] = text.length === 1 ? [(text[0] ?? "").toLowerCase()] : text.map((v) => v.toLowerCase());
    }
    return this.#lower[id] ?? NOTHING;
  }
}

export function flattenToText(value: FieldValue | undefined): readonly string[] {
  if (value === undefined || value === null) return NOTHING;
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [String(value)];
  const out: string[] = [];
  const walk = (v: FieldValue) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null) out.push(String(v));
  };
  walk(value);
  return out;
}
