/**
 * `npm run import -- <file or folder>... [--url URL] [--token AGENT_TOKEN] [--name NAME] [--json]`:
 * imports log files (EVTX, JSON/NDJSON, Zeek, syslog, and .zip/.gz of those) into EdgeSIEM as one
 * named import, with a progress bar on a terminal and a per-file summary at the end. Batch ids come
 * from the files' contents, so running it again after an interruption resumes and stores nothing
 * twice. Defaults: the local instance, and a token made with the admin password in `.dev.vars`
 * (or, without one, minted straight into the local D1 like `npm run token`).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ImportRequestError } from "../worker/formats/log-files/http-transport.ts";
import { isLogFileName } from "../worker/formats/log-files/log-file-names.ts";
import type { InputFile } from "../worker/formats/log-files/run-import.ts";
import { importLogFiles } from "./lib/import/import-files.ts";
import { printSummary } from "./lib/import/summary.ts";
import { resolveAgentToken } from "./lib/import/token.ts";

const USAGE = "usage: npm run import -- <file or folder>... [--url URL] [--token AGENT_TOKEN] [--name NAME] [--json]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? "8787"}` },
    token: { type: "string" },
    name: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals.length === 0) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

/**
 * Every log file under the paths, in a stable order, named relative to where the command ran; a
 * file named on its own is read whatever its name, one found in a folder only if it is a log.
 */
async function inputFiles(paths: readonly string[], skipped: string[]): Promise<InputFile[]> {
  const found: InputFile[] = [];
  const visit = async (path: string, named: boolean): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((entry) => !entry.startsWith(".")).sort();
      for (const entry of entries) await visit(join(path, entry), false);
      return;
    }
    if (!info.isFile()) return;
    if (!named && !isLogFileName(path)) {
      skipped.push(relative(process.cwd(), resolve(path)));
      return;
    }
    found.push({
      name: relative(process.cwd(), resolve(path)) || basename(path),
      size: info.size,
      read: async () => new Uint8Array(await readFile(path)),
    });
  };
  for (const path of paths) {
    try {
      await visit(path, true);
    } catch (error) {
      console.error(`cannot read ${path}: ${(error as Error).message}`);
      process.exit(2);
    }
  }
  return found;
}

const skipped: string[] = [];
const files = await inputFiles(positionals, skipped);
if (skipped.length > 0) {
  const listed = skipped.slice(0, 5).join(", ") + (skipped.length > 5 ? `, and ${skipped.length - 5} more` : "");
  console.error(`skipped ${skipped.length} files that are not logs: ${listed}`);
}
if (files.length === 0) {
  console.error("no files found under the paths given");
  process.exit(2);
}

const url = values.url.replace(/\/+$/, "");
const name = values.name ?? positionals.map((path) => basename(resolve(path))).join(", ");
try {
  const token = values.token ?? (await resolveAgentToken(url));
  const result = await importLogFiles(files, { url, token, name, progress: !values.json && process.stderr.isTTY });
  printSummary(result, url, values.json);
  process.exit(result.cancelled ? 130 : 0);
} catch (error) {
  const status = error instanceof ImportRequestError ? ` (HTTP ${error.status})` : "";
  console.error(`import failed${status}: ${(error as Error).message}`);
  process.exit(1);
}
