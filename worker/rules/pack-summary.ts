/**
 * The packs as the dashboard lists them: each with its switch, whether that is the shipped default,
 * and how many bundled rules it holds (its own and, for core+ and core++, the packs it contains), of
 * which how many compile. Worked out from the catalogue, so the counts are what the rules list shows.
 */
import type { RuleEntry, RulePack, RulePackList } from "../model/wire/rules.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { ruleCatalogue } from "./catalogue.ts";
import { DEFAULT_PACKS, PACK_DESCRIPTIONS, PACKS, type PackId, packsHolding } from "./packs.ts";
import { currentRelease } from "./release-update.ts";

export function packsView(active: ActiveRules, catalogue: readonly RuleEntry[] = ruleCatalogue(active)): RulePackList {
  const bundled = catalogue.filter((entry) => entry.pack !== null && entry.file_id === null);
  const packs = PACKS.map((id): RulePack => {
    const includes = PACKS.filter((other) => other !== id && packsHolding(other).includes(id));
    const members = bundled.filter((entry) => entry.pack === id || includes.includes(entry.pack as PackId));
    const effective = packsHolding(id).some((holder) => active.packs.has(holder));
    return {
      id,
      description: PACK_DESCRIPTIONS[id],
      enabled: active.packs.has(id),
      effective,
      enabled_by_default: DEFAULT_PACKS.includes(id),
      includes,
      rules: members.length,
      failed: members.filter((entry) => entry.status === "failed").length,
      switched_on_their_own: members.filter((entry) => entry.overrides_bundled && entry.enabled !== effective).length,
    };
  });
  return { release: active.shipped.release, current_release: currentRelease(active), packs };
}
