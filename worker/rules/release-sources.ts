/**
 * A SigmaHQ release's rule files in the bundle's shape (active-sources.ts `BundledSource`): each
 * with its pack (packs.ts, by top folder, status and level), its rule id and its prepared form
 * (detect/prepared-rules.ts). The build does this for the vendored release, the Worker for one an
 * admin uploads, so both give the same sources. A release file's origin is where it would be
 * vendored (`rules/sigmahq/<path in the release>`), so the two releases' files compare by path.
 */
import { loadAll } from "js-yaml";
import { prepareSigmaSources } from "../detect/prepared-rules.ts";
import { RULE_LEVELS, type RuleLevel } from "../detect/types.ts";
import type { BundledSource } from "./active-sources.ts";
import { type PackId, packOf } from "./packs.ts";
import { sigmaRuleId } from "./rule-units.ts";

export const SIGMAHQ_ORIGIN = "rules/sigmahq/";

/** A rule file of a release: its path in SigmaHQ's tree (`rules/windows/...yml`) and its text. */
export interface ReleaseFile {
  path: string;
  text: string;
}

export interface RuleMeta {
  title: string | null;
  status: string | null;
  level: RuleLevel;
}

/** A rule's title, status and level as its file's first document says (a broken file: none, medium). */
export function firstDocumentMeta(text: string): RuleMeta {
  let doc: unknown;
  try {
    doc = loadAll(text)[0];
  } catch {
    return { title: null, status: null, level: "medium" };
  }
  const { title, status, level } = (doc ?? {}) as Record<string, unknown>;
  const known = RULE_LEVELS.find((name) => name === level);
  return {
    title: typeof title === "string" ? title : null,
    status: typeof status === "string" ? status : null,
    level: known ?? "medium",
  };
}

export function isSigmaHqOrigin(origin: string): boolean {
  return origin.startsWith(SIGMAHQ_ORIGIN);
}

/** The path in the release of a vendored or stored SigmaHQ file. */
export function releasePath(origin: string): string {
  return origin.slice(SIGMAHQ_ORIGIN.length);
}

/** SigmaHQ's pack of a file at `path` in its tree (its top folder decides with status and level). */
export function packOfReleaseFile(path: string, text: string): PackId | null {
  const { status, level } = firstDocumentMeta(text);
  return packOf({ folder: path.split("/")[0] ?? "", status, level });
}

/** The files as the bundle carries them, prepared with the placeholder values the bundle ships. */
export function releaseSources(
  files: readonly ReleaseFile[],
  placeholders: Readonly<Record<string, readonly string[]>>,
): BundledSource[] {
  const sources = files.map((file) => ({
    origin: `${SIGMAHQ_ORIGIN}${file.path}`,
    kind: "sigma" as const,
    text: file.text,
  }));
  const prepared = prepareSigmaSources(sources, placeholders);
  return sources.map((source, index) => ({
    ...source,
    pack: packOfReleaseFile(releasePath(source.origin), source.text),
    id: sigmaRuleId(source.text),
    ...(prepared[index] === undefined ? {} : { prepared: prepared[index] }),
  }));
}
