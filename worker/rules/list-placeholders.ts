/** Sigma placeholder values: rules/placeholders.yml's, with each IP list's entries under its name. */

export type Placeholders = Readonly<Record<string, readonly string[]>>;

/**
 * Always defined, so the bundled deny-list rule compiles before anyone creates the list; with no
 * entries it matches nothing.
 */
const DEFAULT_LIST_PLACEHOLDERS: Placeholders = { deny_ips: [] };

/** The file's placeholders with each list's entries added under the list's name. */
export function mergePlaceholders(
  file: Placeholders,
  lists: readonly { name: string; entries: readonly string[] }[],
): Placeholders {
  const merged: Record<string, readonly string[]> = { ...DEFAULT_LIST_PLACEHOLDERS, ...file };
  for (const list of lists) merged[list.name] = [...(file[list.name] ?? []), ...list.entries];
  return merged;
}
