/** Quick ranges and absolute from/to; pair with useTimeRange() so the choice lives in the URL. */
import { useEffect, useState } from "preact/hooks";
import {
  fromLocalInput,
  QUICK_RANGE_LABELS,
  QUICK_RANGES,
  type QuickRange,
  type TimeRange,
  type TimeRangeChoice,
  toLocalInput,
} from "../time";
import { Segmented } from "./Segmented";

interface TimeRangePickerProps {
  value: TimeRange;
  onChange: (choice: TimeRangeChoice) => void;
  /** Which quick ranges to offer; all six by default (e.g. ["today", "7d", "30d"] for quick views). */
  quickRanges?: readonly QuickRange[];
}

export function TimeRangePicker({ value, onChange, quickRanges = QUICK_RANGES }: TimeRangePickerProps) {
  const active = "quick" in value.choice ? value.choice.quick : undefined;
  const [from, setFrom] = useState(toLocalInput(value.from));
  const [to, setTo] = useState(toLocalInput(value.to));
  const [error, setError] = useState<string>();

  useEffect(() => {
    setFrom(toLocalInput(value.from));
    setTo(toLocalInput(value.to));
  }, [value.from, value.to]);

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to);
    if (!fromIso || !toIso) return setError("Enter both dates.");
    if (fromIso >= toIso) return setError("'From' must be before 'to'.");
    setError(undefined);
    onChange({ from: fromIso, to: toIso });
  };

  return (
    <fieldset class="time-range">
      <legend class="visually-hidden">Time range</legend>
      <Segmented
        choices={quickRanges}
        value={active}
        label={(quick) => QUICK_RANGE_LABELS[quick]}
        onChange={(quick) => onChange({ quick })}
      />
      <form class="time-range-absolute" onSubmit={apply}>
        <label>
          <span class="visually-hidden">From</span>
          <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} aria-label="From" />
        </label>
        <span aria-hidden="true">→</span>
        <label>
          <span class="visually-hidden">To</span>
          <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} aria-label="To" />
        </label>
        <button type="submit" class={active ? "button small" : "button small primary"}>
          Apply
        </button>
        {error && (
          <span role="alert" class="error inline-error">
            {error}
          </span>
        )}
      </form>
    </fieldset>
  );
}
