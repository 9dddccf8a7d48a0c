/**
 * The ATT&CK techniques the matrix names, from the table generated out of MITRE's Enterprise data
 * (attack-techniques.generated.ts, see scripts/attack-techniques.ts): a technique's name and its
 * tactics, and the techniques of a tactic the rules leave uncovered.
 */
import type { Tactic } from "./attack-tags.ts";
import { ATTACK_TECHNIQUES, ATTACK_VERSION } from "./attack-techniques.generated.ts";

export { ATTACK_VERSION };

export interface AttackTechnique {
  id: string;
  name: string;
  tactics: readonly Tactic[];
}

const BY_ID: ReadonlyMap<string, AttackTechnique> = new Map(
  ATTACK_TECHNIQUES.map(([id, name, tactics]) => [id, { id, name, tactics }]),
);

/** The technique of an id (`T1003.001`); undefined for one the table does not hold (newer, or retired). */
export function attackTechnique(id: string): AttackTechnique | undefined {
  return BY_ID.get(id);
}

/** `T1003` for `T1003.001` and for `T1003`. */
export const parentTechnique = (id: string): string => id.split(".")[0] as string;

/** The techniques (not sub-techniques) of a tactic, in id order. */
export function tacticTechniques(tactic: Tactic): AttackTechnique[] {
  return [...BY_ID.values()].filter((technique) => !technique.id.includes(".") && technique.tactics.includes(tactic));
}
