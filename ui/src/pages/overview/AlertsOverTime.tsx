/**
 * New alerts per interval as SVG bars stacked by level (least severe at the bottom). Pointing at a
 * bar (or picking it with the arrow keys) names its interval and counts; clicking it (or Enter)
 * narrows the page's range to that interval.
 */
import { useRef, useState } from "preact/hooks";
import type { LevelCounts } from "../../api/overview";
import { RULE_LEVELS, type RuleLevel } from "../../api/rules";
import { formatAbsolute, formatTick } from "../../time";

interface Bucket {
  ts: number;
  levels: LevelCounts;
}

interface AlertsOverTimeProps {
  buckets: readonly Bucket[];
  intervalMs: number;
  from: number;
  to: number;
  onSelectRange: (from: number, to: number) => void;
}

const WIDTH = 1000;
const HEIGHT = 160;
const TOP_GAP = 6;

const bucketTotal = (bucket: Bucket) => RULE_LEVELS.reduce((sum, level) => sum + bucket.levels[level], 0);

function describe(bucket: Bucket, intervalMs: number): string {
  const counts = [...RULE_LEVELS]
    .reverse()
    .filter((level) => bucket.levels[level] > 0)
    .map((level) => `${bucket.levels[level]} ${level}`);
  return `${formatAbsolute(bucket.ts)} – ${formatAbsolute(bucket.ts + intervalMs).slice(11)}: ${counts.join(", ")}`;
}

export function AlertsOverTime({ buckets, intervalMs, from, to, onSelectRange }: AlertsOverTimeProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Bucket>();
  const span = Math.max(1, to - from);
  const max = Math.max(1, ...buckets.map(bucketTotal));
  const x = (ms: number) => ((ms - from) / span) * WIDTH;
  const barWidth = Math.max(1.5, (intervalMs / span) * WIDTH - 1);
  const scale = (HEIGHT - TOP_GAP) / max;
  const totals = RULE_LEVELS.map((level) => ({
    level,
    count: buckets.reduce((sum, bucket) => sum + bucket.levels[level], 0),
  }));
  const total = totals.reduce((sum, t) => sum + t.count, 0);
  const bucketAt = (clientX: number) => {
    const rect = plotRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return undefined;
    const at = from + ((clientX - rect.left) / rect.width) * span;
    return buckets.find((b) => at >= b.ts && at < b.ts + intervalMs);
  };
  const zoomTo = (bucket: Bucket | undefined) => {
    if (bucket) onSelectRange(bucket.ts, bucket.ts + intervalMs);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = hover ? buckets.indexOf(hover) : -1;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      const step = event.key === "ArrowRight" ? 1 : -1;
      const next = index < 0 ? (step > 0 ? 0 : buckets.length - 1) : index + step;
      setHover(buckets[Math.min(buckets.length - 1, Math.max(0, next))]);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      zoomTo(hover);
    } else if (event.key === "Escape") {
      setHover(undefined);
    }
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((r) => from + r * span);

  return (
    <figure class="histogram overview-stack">
      <div class="overview-stack-legend">
        {[...totals].reverse().map(({ level, count }) => (
          <span key={level} class="overview-legend-item">
            <span class={`overview-swatch overview-fill-${level}`} aria-hidden="true" />
            {level} <strong>{count.toLocaleString()}</strong>
          </span>
        ))}
        <span class="muted overview-legend-max">peak {max.toLocaleString()} per interval</span>
      </div>
      {/* A slider over the intervals: one tab stop, arrow keys pick a bar, Enter zooms to it. */}
      <div
        ref={plotRef}
        class="overview-stack-plot"
        role="slider"
        tabIndex={0}
        aria-label={`New alerts over time: ${total.toLocaleString()} in ${buckets.length} intervals`}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, buckets.length - 1)}
        aria-valuenow={hover ? buckets.indexOf(hover) : 0}
        aria-valuetext={hover ? describe(hover, intervalMs) : "no interval picked"}
        onPointerMove={(event) => setHover(bucketAt(event.clientX))}
        onPointerLeave={() => setHover(undefined)}
        onClick={(event) => zoomTo(bucketAt(event.clientX))}
        onKeyDown={onKeyDown}
        onBlur={() => setHover(undefined)}
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          style={{ height: `${HEIGHT}px` }}
        >
          <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} class="histogram-axis" />
          {buckets.map((bucket) => (
            <g key={bucket.ts} class={hover?.ts === bucket.ts ? "overview-stack-bar hover" : "overview-stack-bar"}>
              <StackedBar bucket={bucket} x={x(bucket.ts)} width={barWidth} scale={scale} />
            </g>
          ))}
        </svg>
      </div>
      <div class="histogram-ticks" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t}>{formatTick(t, span)}</span>
        ))}
      </div>
      <figcaption class="histogram-tooltip muted" aria-live="polite">
        {hover
          ? describe(hover, intervalMs)
          : `${total.toLocaleString()} new alerts in range · click a bar to zoom to its interval`}
      </figcaption>
    </figure>
  );
}

function StackedBar({ bucket, x, width, scale }: { bucket: Bucket; x: number; width: number; scale: number }) {
  let top = HEIGHT;
  const segments: { level: RuleLevel; y: number; height: number }[] = [];
  for (const level of RULE_LEVELS) {
    const height = bucket.levels[level] * scale;
    if (height <= 0) continue;
    top -= height;
    segments.push({ level, y: top, height });
  }
  return (
    <>
      {/* A full-height hit area, so short bars are as easy to point at as tall ones. */}
      <rect x={x} y={0} width={width} height={HEIGHT} class="overview-stack-hit" />
      {segments.map((s) => (
        <rect key={s.level} x={x} y={s.y} width={width} height={s.height} class={`overview-fill-${s.level}`} />
      ))}
    </>
  );
}
