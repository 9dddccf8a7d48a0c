/** The blocks the dashboard's panel and dialog forms are built from: a labelled field and its text input. */
import type { ComponentChildren } from "preact";

interface FormFieldProps {
  /** The id of the control inside, which the label points at. */
  id: string;
  label: ComponentChildren;
  /** Extra classes on the block, e.g. one that spans the form's whole width. */
  class?: string;
  children: ComponentChildren;
}

/** A label above its control (input, select, textarea, with a hint or datalist after it). */
export function FormField({ id, label, class: extra, children }: FormFieldProps) {
  return (
    <div class={extra ? `field ${extra}` : "field"}>
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

interface TextInputProps {
  id: string;
  value: string;
  onValue: (value: string) => void;
  /** Field names, ids, addresses: monospace, and neither spell-checked nor autofilled. */
  code?: boolean;
  required?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  /** The id of a datalist of suggestions. */
  list?: string;
  pattern?: string;
  title?: string;
}

/** A one-line text input; `type="text"` is spelled out because Preact's typings only allow `list` with a type. */
export function TextInput({ value, onValue, code = false, ...attributes }: TextInputProps) {
  const codeAttributes = code ? { spellcheck: false, autoComplete: "off" } : {};
  return (
    <input
      type="text"
      class={code ? "input mono" : "input"}
      {...codeAttributes}
      {...attributes}
      value={value}
      onInput={(event) => onValue(event.currentTarget.value)}
    />
  );
}
