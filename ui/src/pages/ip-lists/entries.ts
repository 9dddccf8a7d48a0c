/** The label of the entries textarea, in the new-list form and the editor alike. */
export const ENTRIES_LABEL = "Entries (one address or CIDR network a line)";

/** The entries textarea as a list: one entry a line, blank lines dropped (the API validates each). */
export function entryLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
