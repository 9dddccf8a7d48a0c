/** A fixture's text, as Vite's `?raw` suffix imports it into the workers tests (test/fixtures/zeek/*.log). */
declare module "*?raw" {
  const text: string;
  export default text;
}
