/**
 * Global setup of the node project: migrates one local D1 for the whole run, which every
 * `startDevServer` then copies (see `D1_TEMPLATE_ENV` in dev-server.ts). The template lives in a
 * temporary directory of this run alone, so nothing a previous run left behind is ever read.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { D1_TEMPLATE_ENV, migrate } from "./dev-server.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "edgesiem-d1-template-"));
  const envFile = join(dir, "empty.env");
  await writeFile(envFile, "");
  const output: string[] = [];
  try {
    await migrate(dir, envFile, output);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${output.join("")}`);
  }
  process.env[D1_TEMPLATE_ENV] = dir;
  return async () => {
    delete process.env[D1_TEMPLATE_ENV];
    await rm(dir, { recursive: true, force: true });
  };
}
