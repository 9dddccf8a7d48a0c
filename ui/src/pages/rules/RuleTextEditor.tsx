/**
 * A rule's text: a monospace textarea with a line-number gutter whose lines turn red where the
 * compiler found an error, and the errors listed below it (each one jumps to its line).
 * Lines never wrap, so gutter row N is always text line N.
 */
import { useId, useRef } from "preact/hooks";
import type { CompileError } from "../../api/rules";

/** Must match `.code-editor` line-height in rules.css: the gutter and error stripes are placed by it. */
const LINE_HEIGHT_PX = 20;

interface RuleTextEditorProps {
  label: string;
  value: string;
  onInput?: (text: string) => void;
  readOnly?: boolean;
  errors: readonly CompileError[];
  /** The editor grows with the text from `minRows` lines up to `maxRows`, then scrolls. */
  minRows?: number;
  maxRows?: number;
}

/** Start and end offsets of 1-based `line` in `text`. */
function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", start);
    if (next === -1) return [text.length, text.length];
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end === -1 ? text.length : end];
}

export function RuleTextEditor({
  label,
  value,
  onInput,
  readOnly,
  errors,
  minRows = 8,
  maxRows = 30,
}: RuleTextEditorProps) {
  const id = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const linesRef = useRef<HTMLDivElement>(null);
  const stripesRef = useRef<HTMLDivElement>(null);
  const lineCount = value.split("\n").length;
  const rows = Math.min(Math.max(lineCount + 1, minRows), maxRows);
  const reasons = new Map<number, string[]>();
  for (const error of errors) {
    if (error.line === null) continue;
    reasons.set(error.line, [...(reasons.get(error.line) ?? []), error.reason]);
  }

  const followScroll = () => {
    const top = textRef.current?.scrollTop ?? 0;
    const shift = `translateY(${-top}px)`;
    if (linesRef.current) linesRef.current.style.transform = shift;
    if (stripesRef.current) stripesRef.current.style.transform = shift;
  };

  const goToLine = (line: number) => {
    const textarea = textRef.current;
    if (!textarea) return;
    const [start, end] = lineRange(textarea.value, line);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    textarea.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT_PX);
    followScroll();
  };

  return (
    <div class="rule-text">
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <div class="code-editor" style={{ height: `${rows * LINE_HEIGHT_PX + 16}px` }}>
        <div class="code-gutter" aria-hidden="true">
          <div ref={linesRef}>
            {Array.from({ length: lineCount }, (_, i) => {
              const line = i + 1;
              const why = reasons.get(line);
              return (
                <div key={line} class={why ? "gutter-line has-error" : "gutter-line"} title={why?.join("\n")}>
                  {line}
                </div>
              );
            })}
          </div>
        </div>
        <div class="code-body">
          <div class="code-stripes" ref={stripesRef} aria-hidden="true">
            {[...reasons.keys()].map((line) => (
              <div key={line} class="code-stripe" style={{ top: `${(line - 1) * LINE_HEIGHT_PX}px` }} />
            ))}
          </div>
          <textarea
            id={id}
            ref={textRef}
            class="code-text"
            value={value}
            readOnly={readOnly}
            wrap="off"
            spellcheck={false}
            autoCapitalize="none"
            autoComplete="off"
            aria-invalid={errors.length > 0}
            onInput={(event) => onInput?.(event.currentTarget.value)}
            onScroll={followScroll}
          />
        </div>
      </div>
      {errors.length > 0 && (
        <ul class="rule-errors error" aria-label="Compile errors">
          {errors.map((error, i) => (
            <li key={`${i}-${error.line}`}>
              {error.line === null ? (
                <span class="rule-error-line">Rule</span>
              ) : (
                <button type="button" class="link-button rule-error-line" onClick={() => goToLine(error.line ?? 1)}>
                  Line {error.line}
                </button>
              )}
              <span>{error.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
