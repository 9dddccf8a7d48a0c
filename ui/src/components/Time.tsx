import { formatAbsolute, formatRelative } from "../time";

/** A time shown relative ("5 min ago") or absolute, with the other form in its tooltip. */
export function Time({ value, relative = false }: { value: string | number | null | undefined; relative?: boolean }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  const iso = new Date(value).toISOString();
  const absolute = formatAbsolute(value);
  return (
    <time dateTime={iso} title={relative ? absolute : iso}>
      {relative ? formatRelative(value) : absolute}
    </time>
  );
}

/** A table cell of who did something above how long ago they did it. */
export function WhoAndWhen({ who, at }: { who: string; at: string | number | null | undefined }) {
  return (
    <span class="who-and-when">
      {who}
      <Time value={at} relative />
    </span>
  );
}
