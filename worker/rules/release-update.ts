/**
 * An update from one SigmaHQ release to another, planned against the active rules: the new
 * release's sources (prepared as the build prepares the bundled ones), both releases compiled by
 * the real engine with this deployment's placeholders, and the diff and rule writes of moving from
 * the one in use to the new one (release-diff.ts). Going back to the bundled release is the same
 * move with the bundled files as the new release.
 */
import type { CompileError } from "../detect/types.ts";
import { iso } from "../model/iso-time.ts";
import type { ReleasePreview, ReleaseSummary } from "../model/wire/rules.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import type { BundledSource } from "./active-sources.ts";
import { compileRules } from "./compile-rules.ts";
import type { Placeholders } from "./list-placeholders.ts";
import { type ReleaseChange, releaseChange } from "./release-diff.ts";
import { isSigmaHqOrigin, releaseSources } from "./release-sources.ts";
import type { ReleaseContent } from "./release-zip.ts";

export interface ReleaseUpdate {
  next: ReleaseSummary;
  /** Null when the new release is the bundled one. */
  sources: readonly BundledSource[] | null;
  failedFiles: number;
  change: ReleaseChange;
  preview: ReleasePreview;
}

function errorsByOrigin(sources: readonly BundledSource[], placeholders: Placeholders): Map<string, CompileError[]> {
  const errors = new Map<string, CompileError[]>();
  for (const error of compileRules(sources, placeholders).errors) {
    const list = errors.get(error.origin);
    if (list) list.push(error);
    else errors.set(error.origin, [error]);
  }
  return errors;
}

function sigmaHqSources(sources: readonly BundledSource[]): BundledSource[] {
  return sources.filter((source) => isSigmaHqOrigin(source.origin));
}

function bundledSummary(active: ActiveRules): ReleaseSummary {
  const release = active.shipped.release;
  return {
    name: release?.commit ?? "bundled",
    digest: null,
    source: "bundled",
    files: sigmaHqSources(active.shipped.rules.sources).length,
    applied_at: null,
  };
}

export function currentRelease(active: ActiveRules): ReleaseSummary {
  const { release } = active;
  if (release === null) return bundledSummary(active);
  return {
    name: release.name,
    digest: release.digest,
    source: "stored",
    files: release.files,
    applied_at: iso(release.appliedAt),
  };
}

/** SHA-256 of the files' paths and texts, hex: what names a release whatever zip it came in. */
export async function releaseDigest(files: readonly { path: string; text: string }[]): Promise<string> {
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path)).map((file) => [file.path, file.text]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(sorted)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function plan(
  active: ActiveRules,
  next: ReleaseSummary,
  nextSources: readonly BundledSource[],
  content: Pick<ReleaseContent, "notShipped" | "refused">,
): Omit<ReleaseUpdate, "sources"> {
  const currentSources = sigmaHqSources(active.bundled.sources);
  const current = { sources: currentSources, errors: errorsByOrigin(currentSources, active.placeholders) };
  const nextSide = { sources: nextSources, errors: errorsByOrigin(nextSources, active.placeholders) };
  const change = releaseChange(current, nextSide, active.rows, active.packs, next.name, content.refused);
  const preview: ReleasePreview = {
    release: next,
    current: currentRelease(active),
    ...change.diff,
    not_shipped: content.notShipped,
  };
  return { next, failedFiles: change.diff.counts.failed, change, preview };
}

/** Moving to the release read from a zip, named `name` (by default its top folder's ref, or its digest). */
export async function planReleaseUpdate(
  active: ActiveRules,
  content: ReleaseContent,
  given: string | null,
): Promise<ReleaseUpdate> {
  const digest = await releaseDigest(content.files);
  const name = given ?? content.ref ?? `upload-${digest.slice(0, 12)}`;
  const sources = releaseSources(content.files, active.shipped.placeholders);
  const next: ReleaseSummary = { name, digest, source: "stored", files: sources.length, applied_at: null };
  return { ...plan(active, next, sources, content), sources };
}

/** Moving back to the bundled release. */
export function planRevert(active: ActiveRules): ReleaseUpdate {
  const sources = sigmaHqSources(active.shipped.rules.sources);
  return { ...plan(active, bundledSummary(active), sources, { notShipped: [], refused: [] }), sources: null };
}
