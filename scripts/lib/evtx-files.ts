import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The .evtx files at these paths: a file as it is, a folder's (and its folders') in name order. */
export function evtxFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { recursive: true, encoding: "utf8" })
      .filter((name) => name.toLowerCase().endsWith(".evtx"))
      .sort()
      .map((name) => join(path, name))
      .filter((file) => statSync(file).isFile());
  });
}
