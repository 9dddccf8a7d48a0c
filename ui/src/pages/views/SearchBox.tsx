import { useEffect, useState } from "preact/hooks";

interface SearchBoxProps {
  /** The search in the URL; the box follows it on back/forward. */
  value: string;
  label: string;
  onSearch: (value: string) => void;
  placeholder?: string;
  submitLabel?: string;
  class?: string;
}

/** Free text within a view: Enter or "Search" applies it, Escape clears the box. */
export function SearchBox({
  value,
  label,
  onSearch,
  placeholder = "Search (every word must appear)",
  submitLabel = "Search",
  class: className = "view-search",
}: SearchBoxProps) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      class={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(draft.trim());
      }}
    >
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && draft !== "") {
            event.preventDefault();
            setDraft("");
            onSearch("");
          }
        }}
      />
      <button type="submit" class="button small">
        {submitLabel}
      </button>
    </form>
  );
}
