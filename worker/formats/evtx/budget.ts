import { EvtxFormatError } from "./bytes.ts";

/**
 * How many elements a record may build and render. Templates and nested Binary XML values can
 * repeat one another (a template naming the same nested value a thousand times, arrays repeating
 * their element), so the work of a record is not bounded by its bytes; this bounds it.
 */
export class Budget {
  remaining: number;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
    this.remaining = limit;
  }

  spend(offset: number): void {
    if (--this.remaining < 0) {
      throw new EvtxFormatError(`the record expands to more than ${this.limit} elements`, offset);
    }
  }

  get spent(): number {
    return this.limit - Math.max(this.remaining, 0);
  }
}
