/**
 * ATT&CK techniques and tactics named by a rule's Sigma tags: `attack.t1059.001` is technique
 * T1059.001, `attack.defense_evasion` (or `attack.defense-evasion`) is the tactic defense-evasion.
 */

/** The Enterprise ATT&CK tactics, in the matrix's column order. */
export const TACTICS = [
  "reconnaissance",
  "resource-development",
  "initial-access",
  "execution",
  "persistence",
  "privilege-escalation",
  "defense-evasion",
  "credential-access",
  "discovery",
  "lateral-movement",
  "collection",
  "command-and-control",
  "exfiltration",
  "impact",
] as const;

export type Tactic = (typeof TACTICS)[number];

const TECHNIQUE_TAG = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i;
const KNOWN_TACTICS: ReadonlySet<string> = new Set(TACTICS);

/** `T1059.001` for `attack.t1059.001`; null for any other tag. */
export function techniqueOfTag(tag: string): string | null {
  const match = TECHNIQUE_TAG.exec(tag);
  if (!match) return null;
  return match[2] ? `T${match[1]}.${match[2]}` : `T${match[1]}`;
}

/** `defense-evasion` for `attack.defense_evasion`; null for any tag that names no tactic. */
export function tacticOfTag(tag: string): Tactic | null {
  const lower = tag.toLowerCase();
  if (!lower.startsWith("attack.")) return null;
  const name = lower.slice("attack.".length).replaceAll("_", "-");
  return KNOWN_TACTICS.has(name) ? (name as Tactic) : null;
}

export function techniquesOf(tags: readonly string[]): string[] {
  return [...new Set(tags.flatMap((tag) => techniqueOfTag(tag) ?? []))].sort();
}

export function tacticsOf(tags: readonly string[]): Tactic[] {
  const found = new Set(tags.flatMap((tag) => tacticOfTag(tag) ?? []));
  return TACTICS.filter((tactic) => found.has(tactic));
}
