/**
 * Runs the reference EVTX readers over the corpus that test/scripts/evtx-readers.test.ts compares,
 * keeping their output in the readers' cache (scripts/lib/evtx-reference.ts). `npm test` starts it
 * in the background, at low priority, before its single-threaded steps (type check, UI build,
 * package installs), so python-evtx's minutes of CPU use the core they leave idle. The test claims
 * what is not done yet and waits for what this is doing, so nothing is read twice; if this fails or
 * is not run, the test reads everything itself.
 */
import { resolve } from "node:path";
import { evtxFiles } from "./lib/evtx-files.ts";
import { cacheReferenceOutputs } from "./lib/evtx-reference.ts";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus");
const files = evtxFiles([resolve(CORPUS, "evtx-attack-samples"), resolve(CORPUS, "evtx-edge-cases")]);

// From the last file back: the test reads in name order, so where it catches up the two meet
// once, instead of each waiting on the file the other has just claimed.
const started = performance.now();
for (const file of files.reverse()) await cacheReferenceOutputs(file);
console.log(
  `reference EVTX readers' output cached for ${files.length} files in ${Math.round((performance.now() - started) / 1000)} s`,
);
