/** GET /api/v1/storage (worker/http/routes/storage.ts): the D1 store's size and what it holds. */
export interface Storage {
  database: {
    /** Null when D1 did not report it. */
    size_bytes: number | null;
    limit_bytes: number;
    used_ratio: number | null;
    /** "warning" from 80% of the limit. */
    level: "ok" | "warning";
  };
  events: { count: number; oldest: string | null; newest: string | null };
  /** Events received before `cutoff` (whatever their own time) are archived and deleted. */
  retention: { days: number; cutoff: string; part_rows: number; run_rows: number };
  archive: { days: number; first_day: string | null; last_day: string | null; held: { day: string; until: string }[] };
}

export interface ArchivedDay {
  day: string;
  /** Restored and kept from retention until then. */
  held_until: string | null;
}

/** POST /api/v1/archives/:day/restore: one request's share of a day's restore. */
export interface RestoreAnswer {
  day: string;
  parts: number;
  restored_parts: string[];
  events: number;
  inserted: number;
  already_present: number;
  /** Pass as `after` to restore the rest; null when the day is done. */
  next: string | null;
  held_until: string;
}

export interface ArchivedDays {
  days: ArchivedDay[];
}
