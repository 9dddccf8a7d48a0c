/**
 * The EVTX corpora, read in place from ../shared/corpus (next to the repository): the Rust `evtx`
 * crate's edge-case files with its snapshot outputs, and EVTX-ATTACK-SAMPLES.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const CORPUS = resolve(import.meta.dirname, "../../../../../../shared/corpus");
export const EDGE_CASES = join(CORPUS, "evtx-edge-cases");
export const ATTACK_SAMPLES = join(CORPUS, "evtx-attack-samples");

/** A plain Uint8Array, not a Buffer: a Buffer's slice() is a view, and tests damage their copies. */
export function edgeCase(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(EDGE_CASES, name)));
}

/** Every .evtx file under the attack-sample folder, by path relative to it. */
export function attackSampleFiles(): string[] {
  return readdirSync(ATTACK_SAMPLES, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".evtx"))
    .sort();
}

export function attackSample(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(ATTACK_SAMPLES, path)));
}

/** An insta snapshot of the crate's record tests: a `---` front matter, then the JSON. */
export function snapshot(name: string): unknown {
  const text = readFileSync(join(EDGE_CASES, "snapshots", `test_record_samples__${name}.snap`), "utf8");
  return JSON.parse(text.slice(text.indexOf("\n---\n") + 5));
}
