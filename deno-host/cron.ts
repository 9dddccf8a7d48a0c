/**
 * wrangler.toml's `[triggers] crons` for the Deno host: five-field cron expressions (minute hour
 * day-of-month month day-of-week, UTC as Cloudflare runs them) with `*`, lists, ranges, steps and
 * month/day names. Cloudflare's extensions (L, W, #) are refused with a clear error rather than
 * misread.
 */
export interface CronSchedule {
  expression: string;
  matches(date: Date): boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59, names: [] as string[] },
  { name: "hour", min: 0, max: 23, names: [] as string[] },
  { name: "day of month", min: 1, max: 31, names: [] as string[] },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    throw new Error(`cron '${expression}': expected 5 fields (minute hour day month weekday), got ${parts.length}`);
  }
  const sets = parts.map((part, index) => parseField(part, FIELDS[index] as (typeof FIELDS)[number], expression));
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  // Sunday is 0 or 7.
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";
  return {
    expression,
    matches(date) {
      if (!minutes.has(date.getUTCMinutes()) || !hours.has(date.getUTCHours())) return false;
      if (!months.has(date.getUTCMonth() + 1)) return false;
      const day = days.has(date.getUTCDate());
      const weekday = weekdays.has(date.getUTCDay());
      // Classic cron: when both day fields are restricted, either one matching is enough.
      if (dayRestricted && weekdayRestricted) return day || weekday;
      return day && weekday;
    },
  };
}

function parseField(text: string, field: (typeof FIELDS)[number], expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (why: string) => new Error(`cron '${expression}': ${field.name} '${text}' ${why}`);
  for (const item of text.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail("has a bad step");
    let low: number;
    let high: number;
    if (range === "*") {
      low = field.min;
      high = field.name === "day of week" ? 6 : field.max;
    } else {
      const [from = "", to] = range.split("-");
      low = value(from, field, fail);
      high = to === undefined ? (stepText === undefined ? low : field.max) : value(to, field, fail);
    }
    if (low > high) throw fail("has a range that runs backwards");
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: (typeof FIELDS)[number], fail: (why: string) => Error): number {
  const named = field.names.indexOf(text.toUpperCase());
  const number = named > 0 || (named === 0 && field.name === "day of week") ? named : Number(text);
  if (text === "" || !Number.isInteger(number)) throw fail("is not supported (numbers, names, *, -, / and , only)");
  if (number < field.min || number > field.max) throw fail(`is outside ${field.min}-${field.max}`);
  return number;
}

/**
 * Calls `run` at the start of each UTC minute that a schedule matches, as Cloudflare's cron
 * triggers do; answers a function that stops the timer.
 */
export function startCron(
  schedules: readonly CronSchedule[],
  run: (schedule: CronSchedule, scheduledTime: number) => Promise<void>,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    const next = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
    timer = setTimeout(() => {
      const at = new Date(next);
      for (const schedule of schedules) {
        if (schedule.matches(at)) {
          run(schedule, next).catch((error: unknown) => {
            console.error(`cron '${schedule.expression}': the scheduled handler failed: ${(error as Error).message}`);
          });
        }
      }
      arm();
    }, next - Date.now());
  };
  if (schedules.length > 0) arm();
  return () => {
    if (timer) clearTimeout(timer);
  };
}
