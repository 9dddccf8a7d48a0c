/** Events grouped by type (dataset + action) with their counts; one click narrows the page to a type. */
import type { EventStats } from "../../api/events";

export interface EventType {
  dataset: string;
  /** Null: the dataset's events without an action (selecting it narrows to the dataset). */
  action: string | null;
}

interface TypeFacetsProps {
  types: EventStats["by_type"] | undefined;
  selected: { dataset: string; action: string };
  onSelect: (type: EventType | null) => void;
}

export function TypeFacets({ types, selected, onSelect }: TypeFacetsProps) {
  const all = types?.reduce((sum, type) => sum + type.count, 0);
  const none = selected.dataset === "" && selected.action === "";
  return (
    <nav class="type-facets" aria-label="Event types">
      <h2 class="facets-heading">Event types</h2>
      <ul>
        <li>
          <button type="button" class="facet" aria-pressed={none} onClick={() => onSelect(null)}>
            <span class="facet-name">All types</span>
            <span class="facet-count">{all?.toLocaleString() ?? "…"}</span>
          </button>
        </li>
        {types?.map((type) => {
          const active = type.dataset === selected.dataset && (type.action ?? "") === selected.action;
          return (
            <li key={`${type.dataset}\u0000${type.action}`}>
              <button
                type="button"
                class="facet"
                aria-pressed={active}
                title={`${type.dataset} · ${type.action ?? "no action"}`}
                onClick={() => onSelect(active ? null : type)}
              >
                <span class="facet-name">
                  {type.action ?? <span class="muted">(no action)</span>}
                  <span class="facet-dataset muted">{type.dataset}</span>
                </span>
                <span class="facet-count">{type.count.toLocaleString()}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
