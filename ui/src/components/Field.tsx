import type { Ref } from "preact";
import { useId } from "preact/hooks";

interface FieldProps {
  label: string;
  type?: "text" | "password";
  autoComplete: string;
  value: string;
  onValue: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}

export function Field({ label, type = "text", autoComplete, value, onValue, inputRef }: FieldProps) {
  const id = useId();
  // Preact's input typings tie `type` to the allowed `role`s; one literal per branch satisfies them.
  const typeAttribute = type === "password" ? ({ type: "password" } as const) : ({ type: "text" } as const);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        {...typeAttribute}
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellcheck={false}
        required
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </div>
  );
}
