/** The import a list is scoped to (`?import=`), by its name, with a button that drops the scope. */
import { importsApi } from "../api/imports";
import { useApi } from "../use-api";
import "../pages/views/views.css";

export function ImportFilterChip({ id, onClear }: { id: string; onClear: () => void }) {
  const found = useApi((signal) => importsApi.get(id, { signal }), [id]);
  const name = found.data?.import.name ?? id;
  return (
    <span class="filter-chip">
      Import <span title={id}>{name}</span>
      <button type="button" class="icon-button" aria-label="Remove the import filter" onClick={onClear}>
        ×
      </button>
    </span>
  );
}
