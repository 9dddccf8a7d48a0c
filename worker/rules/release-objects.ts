/**
 * Stored SigmaHQ releases in R2 (the ARCHIVE bucket, under rules/releases/): one JSON object per
 * release, named by the digest of its files, holding its sources in the bundle's shape. An object is
 * never changed once written, so an isolate reads it once however often the rule set changes after.
 */
import type { BundledRules, BundledSource } from "./active-sources.ts";
import { bundledRulesFrom, parseRuleBundle } from "./bundled.ts";
import { isSigmaHqOrigin } from "./release-sources.ts";

export const RELEASE_PREFIX = "rules/releases/";

export function releaseKey(digest: string): string {
  return `${RELEASE_PREFIX}${digest}.json`;
}

export interface StoredRelease {
  name: string;
  digest: string;
  sources: readonly BundledSource[];
}

export async function putRelease(bucket: R2Bucket, release: StoredRelease): Promise<string> {
  const key = releaseKey(release.digest);
  await bucket.put(key, JSON.stringify(release), { httpMetadata: { contentType: "application/json" } });
  return key;
}

/** EdgeSIEM's own bundled rules with the release's SigmaHQ files in place of the bundled ones. */
export function withRelease(shipped: BundledRules, sources: readonly BundledSource[]): BundledRules {
  const own = shipped.sources.filter((source) => !isSigmaHqOrigin(source.origin));
  return bundledRulesFrom([...own, ...sources]);
}

let cached: { key: string; rules: Promise<BundledRules> } | null = null;

async function readRelease(bucket: R2Bucket, key: string, shipped: BundledRules): Promise<BundledRules> {
  const object = await bucket.get(key);
  if (object === null) throw new Error(`the rule release ${key} is named in D1 but missing from R2`);
  return withRelease(shipped, parseRuleBundle(await object.json()));
}

/** Lets go of a stored release once the bundled one is back in use: it is tens of MB in memory. */
export function forgetStoredRelease(): void {
  cached = null;
}

/** The bundled rules with the stored release `key` names, read from R2 once per isolate. */
export function storedReleaseRules(bucket: R2Bucket, key: string, shipped: BundledRules): Promise<BundledRules> {
  if (cached === null || cached.key !== key) {
    const entry = { key, rules: readRelease(bucket, key, shipped) };
    cached = entry;
    entry.rules.catch(() => {
      if (cached === entry) cached = null;
    });
  }
  return cached.rules;
}
