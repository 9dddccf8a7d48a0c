/**
 * Counts over time as SVG bars: hover shows a bucket's time and count, click-drag selects a range
 * (reported in epoch ms, e.g. to zoom the page's time range). Drawn by hand: no chart library.
 */
import { useRef, useState } from "preact/hooks";
import { formatAbsolute, formatTick } from "../time";

export interface HistogramBucket {
  /** Epoch ms at the bucket's start. */
  ts: number;
  count: number;
}

interface HistogramProps {
  buckets: readonly HistogramBucket[];
  intervalMs: number;
  /** The x axis, epoch ms; buckets outside are clipped. */
  from: number;
  to: number;
  /** Accessible name, e.g. "Events over time". */
  label: string;
  onSelectRange?: (from: number, to: number) => void;
  height?: number;
}

const WIDTH = 1000;
const AXIS = 18;

export function Histogram({ buckets, intervalMs, from, to, label, onSelectRange, height = 120 }: HistogramProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<HistogramBucket>();
  const [drag, setDrag] = useState<{ start: number; end: number }>();
  const span = Math.max(1, to - from);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plot = height - AXIS;
  const x = (ms: number) => ((ms - from) / span) * WIDTH;
  const barWidth = Math.max(1, (intervalMs / span) * WIDTH - 1);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  const msAt = (clientX: number) => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return from;
    const ratio = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return from + ratio * span;
  };

  const onPointerDown = (event: PointerEvent) => {
    if (!onSelectRange || event.button !== 0) return;
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    const at = msAt(event.clientX);
    setDrag({ start: at, end: at });
  };

  const onPointerMove = (event: PointerEvent) => {
    const at = msAt(event.clientX);
    if (drag) setDrag({ ...drag, end: at });
    setHover(buckets.find((b) => at >= b.ts && at < b.ts + intervalMs));
  };

  const onPointerUp = () => {
    if (!drag || !onSelectRange) return;
    const start = Math.min(drag.start, drag.end);
    const end = Math.max(drag.start, drag.end);
    setDrag(undefined);
    // A click without a drag selects the bucket under it.
    if ((end - start) / span < 0.005) {
      const bucket = buckets.find((b) => start >= b.ts && start < b.ts + intervalMs);
      if (bucket) onSelectRange(bucket.ts, bucket.ts + intervalMs);
      return;
    }
    onSelectRange(Math.round(start), Math.round(end));
  };

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((r) => from + r * span);

  return (
    <figure class="histogram">
      <svg
        ref={svgRef}
        viewBox={`0 0 ${WIDTH} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${total.toLocaleString()} in ${buckets.length} intervals`}
        class={onSelectRange ? "selectable" : undefined}
        style={{ height: `${height}px` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(undefined)}
      >
        <line x1="0" x2={WIDTH} y1={plot} y2={plot} class="histogram-axis" />
        {buckets.map((b) => {
          const h = (b.count / max) * (plot - 4);
          return (
            <rect
              key={b.ts}
              x={x(b.ts)}
              y={plot - h}
              width={barWidth}
              height={h}
              class={hover?.ts === b.ts ? "histogram-bar hover" : "histogram-bar"}
            />
          );
        })}
        {drag && (
          <rect
            class="histogram-selection"
            x={x(Math.min(drag.start, drag.end))}
            y="0"
            width={Math.abs(x(drag.end) - x(drag.start))}
            height={plot}
          />
        )}
      </svg>
      <div class="histogram-ticks" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t}>{formatTick(t, span)}</span>
        ))}
      </div>
      <figcaption class="histogram-tooltip muted" aria-live="polite">
        {hover
          ? `${formatAbsolute(hover.ts)} – ${formatAbsolute(hover.ts + intervalMs).slice(11)}: ${hover.count.toLocaleString()}`
          : `${total.toLocaleString()} in range${onSelectRange ? " · drag to zoom" : ""}`}
      </figcaption>
    </figure>
  );
}
