/** A request the ingest path refuses as a whole, with the HTTP status that says why. */
export class IngestError extends Error {
  readonly status: 400 | 409 | 413 | 415;

  constructor(status: 400 | 409 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}
