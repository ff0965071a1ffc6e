/**
 * The POSIX cron syntax of `on.schedule[].cron` (five fields, UTC; `*`, lists, ranges, steps,
 * month and weekday names), enough to list when a schedule should have fired. When both
 * day-of-month and day-of-week are restricted, either matching fires (as in cron).
 */

interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function field(
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  offset = 0,
): Set<number> {
  const value = (s: string) => {
    const i = names.indexOf(s.toLowerCase());
    const n = i >= 0 ? i + offset : Number(s);
    if (!Number.isInteger(n)) throw new Error(`'${s}' is not a number`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in '${part}'`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(value) as [number, number];
    else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`'${part}' is out of range ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron '${expression}' must have five fields`);
  const weekdays = field(parts[4], 0, 7, WEEKDAYS);
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes: field(parts[0], 0, 59),
    hours: field(parts[1], 0, 23),
    days: field(parts[2], 1, 31),
    months: field(parts[3], 1, 12, MONTHS, 1),
    weekdays,
    daysRestricted: !parts[2].startsWith('*'),
    weekdaysRestricted: !parts[4].startsWith('*'),
  };
}

function fires(spec: CronSpec, d: Date): boolean {
  if (!spec.minutes.has(d.getUTCMinutes()) || !spec.hours.has(d.getUTCHours())) return false;
  if (!spec.months.has(d.getUTCMonth() + 1)) return false;
  const dom = spec.days.has(d.getUTCDate());
  const dow = spec.weekdays.has(d.getUTCDay());
  if (spec.daysRestricted && spec.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** Fire times of `expression` in [from, to), oldest first (minute resolution, UTC). */
export function cronFireTimes(expression: string, from: Date, to: Date, limit = 100_000): Date[] {
  const spec = parseCron(expression);
  const out: Date[] = [];
  const start = Math.ceil(from.getTime() / 60_000) * 60_000;
  for (let t = start; t < to.getTime() && out.length < limit; t += 60_000) {
    const d = new Date(t);
    if (fires(spec, d)) out.push(d);
  }
  return out;
}

/** The latest fire time of any of the crons at or before `at` (looking back up to 400 days). */
export function lastFireTime(crons: string[], at: Date): Date | undefined {
  let best: Date | undefined;
  for (const cron of crons) {
    // Look back a day first (most schedules), then further.
    for (const days of [1, 32, 400]) {
      const times = cronFireTimes(
        cron,
        new Date(at.getTime() - days * 86_400_000),
        new Date(at.getTime() + 1),
      );
      if (times.length) {
        const last = times[times.length - 1];
        if (!best || last > best) best = last;
        break;
      }
    }
  }
  return best;
}
