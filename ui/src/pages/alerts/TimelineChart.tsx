/**
 * The host's events in the minutes around the alert as an SVG picture: one lane per kind of event,
 * one dot per event, the alert's own events larger and in the alert colour, and a line at the
 * alert's time. Labels are SVG text nodes, never markup.
 */
import type { AlertContext } from "../../api/alerts";
import { formatAbsolute } from "../../time";
import { shorten } from "./tree-layout";

// About the width the alert page gives the picture, so its text stays near its nominal size.
const WIDTH = 720;
const LABEL_WIDTH = 175;
const LANE = 28;
const TOP = 22;
const AXIS = 26;
const RIGHT = 16;

const clock = (ms: number) => formatAbsolute(ms).slice(11);

export function TimelineChart({ context }: { context: AlertContext }) {
  const lanes = context.timeline;
  if (lanes.length === 0) return <p class="muted">No events from this host in the window.</p>;
  const from = Date.parse(context.from);
  const to = Date.parse(context.to);
  const center = Date.parse(context.center);
  const span = Math.max(1, to - from);
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const x = (ms: number) => LABEL_WIDTH + ((ms - from) / span) * plotWidth;
  const height = TOP + lanes.length * LANE + AXIS;
  const axisY = TOP + lanes.length * LANE;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((r) => from + r * span);
  const total = lanes.reduce((sum, lane) => sum + lane.count, 0);

  return (
    <figure class="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Timeline: ${total} events from ${context.host ?? "the host"} in ${lanes.length} kinds, ${clock(from)} to ${clock(to)}`}
      >
        {lanes.map((lane, i) => {
          const y = TOP + i * LANE + LANE / 2;
          return (
            <g key={lane.label} class="timeline-lane">
              <line class="timeline-rule" x1={LABEL_WIDTH} x2={WIDTH - RIGHT} y1={y} y2={y} />
              <text class="timeline-label" x={LABEL_WIDTH - 10} y={y + 4} text-anchor="end">
                {shorten(lane.label, 20)} ({lane.count})
              </text>
              {lane.points.map((point) => (
                <circle
                  key={point.id}
                  class={point.matched ? "timeline-point matched" : "timeline-point"}
                  cx={x(Date.parse(point.ts))}
                  cy={y}
                  r={point.matched ? 6 : 4}
                >
                  <title>{`${formatAbsolute(point.ts)}  ${point.summary}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
        <line class="timeline-axis" x1={LABEL_WIDTH} x2={WIDTH - RIGHT} y1={axisY} y2={axisY} />
        {ticks.map((tick, i) => (
          <text
            key={tick}
            class="timeline-tick"
            x={x(tick)}
            y={axisY + 17}
            text-anchor={i === ticks.length - 1 ? "end" : "middle"}
          >
            {clock(tick)}
          </text>
        ))}
        <line class="timeline-now" x1={x(center)} x2={x(center)} y1={TOP - 8} y2={axisY} />
        <text class="timeline-now-label" x={x(center)} y={TOP - 10} text-anchor="middle">
          alert
        </text>
      </svg>
      {context.truncated && (
        <figcaption class="muted">
          The host logged more events in this window than the picture holds; the ones nearest the alert are shown.
        </figcaption>
      )}
    </figure>
  );
}
