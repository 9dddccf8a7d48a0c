/** Every host seen: its activity, what it sends, which token sent it, and whether it went silent. */
import { Hono } from "hono";
import {
  type Cadence,
  DEFAULT_THRESHOLD_MINUTES,
  expectation,
  isSilent,
  MIN_GAPS,
  SILENCE_FACTOR,
} from "../../hosts/silence.ts";
import { iso } from "../../model/iso-time.ts";
import { ACTIVITY_WINDOW_MS, type HostDatasetRow, type HostRow, hostFigures } from "../../store/hosts.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";

const MAX_THRESHOLD_MINUTES = 30 * 24 * 60;
const WINDOW_HOURS = ACTIVITY_WINDOW_MS / 3_600_000;

function thresholdParam(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_THRESHOLD_MINUTES;
  const minutes = Number(text);
  if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > MAX_THRESHOLD_MINUTES) {
    throw new ApiError(400, `'threshold_minutes' must be a whole number from 1 to ${MAX_THRESHOLD_MINUTES}`);
  }
  return minutes;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }
  return groups;
}

function publicHost(
  row: HostRow,
  datasets: readonly HostDatasetRow[],
  cadence: Cadence | undefined,
  thresholdMinutes: number,
  now: number,
) {
  const expected = expectation(cadence, thresholdMinutes);
  return {
    name: row.name,
    first_seen: iso(row.first_seen),
    last_seen: iso(row.last_seen),
    last_event_at: iso(row.last_event_ts),
    events_24h: row.events_in_window,
    events_per_hour: row.events_in_window / WINDOW_HOURS,
    datasets: datasets.map(({ source, dataset, events }) => ({ source, dataset, events })),
    token:
      row.last_token_id === null
        ? null
        : { id: row.last_token_id, name: row.token_name, revoked: row.token_revoked_at !== null },
    median_gap_minutes: cadence?.medianGapMinutes ?? null,
    expected_interval_minutes: expected.expectedMs / 60_000,
    expected_basis: expected.basis,
    silent: isSilent(row.last_seen, now, expected),
  };
}

export const hostRoutes = new Hono<AppEnv>().use(requireSession).get("/", async (c) => {
  const thresholdMinutes = thresholdParam(c.req.query("threshold_minutes"));
  const now = Date.now();
  const figures = await hostFigures(c.var.store, now);
  const datasets = groupBy(figures.datasets, (row) => row.host);
  const cadence = new Map<string, Cadence>(
    figures.cadence.map((row) => [row.host, { medianGapMinutes: row.median_gap_minutes, gaps: row.gaps }]),
  );
  return c.json({
    generated_at: iso(now),
    rule: {
      window_hours: WINDOW_HOURS,
      silence_factor: SILENCE_FACTOR,
      min_gaps: MIN_GAPS,
      threshold_minutes: thresholdMinutes,
    },
    hosts: figures.hosts.map((row) =>
      publicHost(row, datasets.get(row.name) ?? [], cadence.get(row.name), thresholdMinutes, now),
    ),
  });
});
