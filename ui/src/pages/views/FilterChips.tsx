import { describeTerm } from "./view-api";

interface FilterChipsProps {
  host: string;
  onClearHost: () => void;
  /** "Filter for" terms (field:"value"), each removed with onRemoveTerm. */
  terms?: readonly string[];
  onRemoveTerm?: (term: string) => void;
  /** "Filter out" terms, each removed with onRemoveExclude. */
  excludes?: readonly string[];
  onRemoveExclude?: (term: string) => void;
}

/** The view's active filters, each removable with its × button. */
export function FilterChips(props: FilterChipsProps) {
  const { host, terms = [], excludes = [], onClearHost, onRemoveTerm, onRemoveExclude } = props;
  if (!host && terms.length === 0 && excludes.length === 0) return null;
  return (
    <ul class="filter-chips" aria-label="Active filters">
      {host && <Chip label={`host is ${host}`} onRemove={onClearHost} />}
      {terms.map((t) => {
        const { field, value } = describeTerm(t);
        return <Chip key={`+${t}`} label={`${field} is ${value}`} onRemove={() => onRemoveTerm?.(t)} />;
      })}
      {excludes.map((t) => {
        const { field, value } = describeTerm(t);
        return <Chip key={`-${t}`} label={`${field} is not ${value}`} negative onRemove={() => onRemoveExclude?.(t)} />;
      })}
    </ul>
  );
}

function Chip({ label, negative, onRemove }: { label: string; negative?: boolean; onRemove: () => void }) {
  return (
    <li class={negative ? "filter-chip negative" : "filter-chip"}>
      <span>{label}</span>
      <button type="button" class="icon-button" aria-label={`Remove filter: ${label}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
