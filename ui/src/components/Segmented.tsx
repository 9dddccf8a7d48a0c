/** A row of mutually exclusive buttons (filters, quick ranges): the chosen one is pressed. */
export function Segmented<T extends string>({
  choices,
  value,
  label,
  onChange,
}: {
  choices: readonly T[];
  value: T | null | undefined;
  label: (choice: T) => string;
  onChange: (choice: T) => void;
}) {
  return (
    <div class="segmented">
      {choices.map((choice) => (
        <button
          key={choice}
          type="button"
          class={choice === value ? "segment active" : "segment"}
          aria-pressed={choice === value}
          onClick={() => onChange(choice)}
        >
          {label(choice)}
        </button>
      ))}
    </div>
  );
}
