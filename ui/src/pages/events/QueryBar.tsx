/**
 * The search language's input: Enter runs the query, Escape puts back the one that ran. A syntax
 * error is shown under the bar with the query and a marker at its position, and the caret moves there.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";

export interface QueryProblem {
  message: string;
  position: number;
}

interface QueryBarProps {
  /** The query that ran (the URL's `q`). */
  value: string;
  onSubmit: (query: string) => void;
  /** The API's answer to `value`, when it refused it. */
  problem?: QueryProblem;
}

export function QueryBar({ value, onSubmit, problem }: QueryBarProps) {
  const [draft, setDraft] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => setDraft(value), [value]);

  useEffect(() => {
    const input = inputRef.current;
    if (!problem || !input || input.value !== value) return;
    input.focus();
    input.setSelectionRange(problem.position, Math.min(value.length, problem.position + 1));
  }, [problem?.message, problem?.position, value]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onSubmit(draft.trim());
  };

  return (
    <form class="query-bar" onSubmit={submit}>
      <div class="query-row">
        <input
          ref={inputRef}
          type="text"
          class="input mono query-input"
          aria-label="Search query"
          placeholder='e.g. Image:*\powershell.exe and not user.name:"NT AUTHORITY\SYSTEM"'
          spellcheck={false}
          autocomplete="off"
          value={draft}
          aria-invalid={problem ? "true" : undefined}
          aria-describedby={problem ? errorId : undefined}
          onInput={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && draft !== value) {
              event.preventDefault();
              setDraft(value);
            }
          }}
        />
        <button type="submit" class="button primary">
          Search
        </button>
      </div>
      {problem && <QueryErrorView id={errorId} query={value} problem={problem} />}
      <QueryHelp />
    </form>
  );
}

function QueryErrorView({ id, query, problem }: { id: string; query: string; problem: QueryProblem }) {
  const at = Math.min(problem.position, query.length);
  return (
    <div id={id} class="error query-error" role="alert">
      <p>
        {problem.message} <span class="muted">(at character {at + 1})</span>
      </p>
      <pre class="query-error-context mono">
        {query.slice(0, at)}
        <mark class="query-error-mark">{query[at] ?? " "}</mark>
        {query.slice(at + 1)}
      </pre>
    </div>
  );
}

const EXAMPLES: readonly [string, string][] = [
  ["user.name:alice", "a field's value (ECS or native names: Image, CommandLine, EventID…)"],
  ['CommandLine:"net group /domain"', "a phrase, matched whole"],
  ["Image:*\\powershell.exe", "* matches any text"],
  ["destination.port >= 1024", "ranges: < <= > >= (numbers, dates for @timestamp)"],
  ["EventID:(4624 or 4625) and not TargetUserName:*$", "and, or, not, parentheses"],
  ["ParentImage:*", "the field is present"],
  ["mimikatz", "free text, in any field"],
];

function QueryHelp() {
  return (
    <details class="query-help">
      <summary>Syntax</summary>
      <dl>
        {EXAMPLES.map(([example, meaning]) => (
          <div key={example}>
            <dt class="mono">{example}</dt>
            <dd class="muted">{meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
