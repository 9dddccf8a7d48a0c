/** The entries textarea as a list: one entry a line, blank lines dropped (the API validates each). */
export function entryLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
