/** ATT&CK techniques named by a rule's tags (`attack.t1059.001`), with their pages on attack.mitre.org. */
const TECHNIQUE_TAG = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i;

export interface Technique {
  /** `T1059.001` */
  id: string;
  url: string;
}

export function techniqueOf(tag: string): Technique | null {
  const match = TECHNIQUE_TAG.exec(tag);
  if (!match) return null;
  const [, base = "", sub] = match;
  return {
    id: sub ? `T${base}.${sub}` : `T${base}`,
    url: `https://attack.mitre.org/techniques/T${base}/${sub ? `${sub}/` : ""}`,
  };
}

/** The tags split into techniques and the rest (tactics such as `attack.execution`, CVEs, ...). */
export function splitTags(tags: readonly string[]): { techniques: Technique[]; other: string[] } {
  const techniques: Technique[] = [];
  const other: string[] = [];
  for (const tag of tags) {
    const technique = techniqueOf(tag);
    if (technique) techniques.push(technique);
    else other.push(tag);
  }
  return { techniques, other };
}
