/** A ranked list with a horizontal bar per row, scaled to the largest value: top rules, hosts, datasets. */
import type { ComponentChildren } from "preact";
import { Link } from "../../components/Link";

export interface RankedItem {
  key: string;
  label: ComponentChildren;
  /** Shown before the label, outside its link (e.g. a level badge). */
  prefix?: ComponentChildren;
  /** Where the row leads (e.g. the host's events); plain text when absent. */
  href?: string;
  value: number;
  /** A second figure after the value, e.g. "12 hits". */
  detail?: string;
}

interface RankedBarsProps {
  items: readonly RankedItem[];
  /** What the values count, for screen readers: "alerts", "events". */
  unit: string;
  empty: string;
}

export function RankedBars({ items, unit, empty }: RankedBarsProps) {
  if (items.length === 0) return <p class="muted overview-empty">{empty}</p>;
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <ol class="ranked-bars">
      {items.map((item) => (
        <li key={item.key}>
          <span class="ranked-label">
            {item.prefix}
            {item.href ? (
              <Link href={item.href} title={typeof item.label === "string" ? item.label : undefined}>
                {item.label}
              </Link>
            ) : (
              item.label
            )}
          </span>
          <span class="ranked-value">
            {item.value.toLocaleString()}
            <span class="visually-hidden"> {unit}</span>
            {item.detail && <span class="muted"> · {item.detail}</span>}
          </span>
          <span class="ranked-track" aria-hidden="true">
            <span class="ranked-bar" style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
