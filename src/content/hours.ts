// Opening hours in a small subset of the OpenStreetMap opening_hours notation, parsed and evaluated.
// "Mo-Fr 08:30-17:00; Sa 10:00-12:00" · "Tu,Th 13:00-16:00" · "24/7" · "off"

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
type Day = (typeof DAYS)[number];

/** Minutes since midnight, per weekday index (0 = Monday), as [from, to) intervals. */
export type WeeklyHours = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

export type HoursParse = { ok: true; hours: WeeklyHours } | { ok: false; error: string };

function parseTime(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

function parseDays(text: string): number[] | null {
  const result: number[] = [];
  for (const part of text.split(',')) {
    const [from, to] = part.split('-');
    const start = DAYS.indexOf(from as Day);
    const end = to === undefined ? start : DAYS.indexOf(to as Day);
    if (start < 0 || end < 0 || end < start) return null;
    for (let day = start; day <= end; day++) result.push(day);
  }
  return result;
}

export function parseOpeningHours(text: string): HoursParse {
  const week: Array<Array<[number, number]>> = DAYS.map(() => []);
  const trimmed = text.trim();
  if (trimmed === '24/7') return { ok: true, hours: DAYS.map(() => [[0, 24 * 60] as const]) };
  if (trimmed === 'off') return { ok: true, hours: week };
  for (const rule of trimmed.split(';')) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(rule);
    if (!match) return { ok: false, error: `cannot read "${rule.trim()}"` };
    const days = parseDays(match[1]!);
    if (!days) return { ok: false, error: `unknown days "${match[1]}" (use Mo Tu We Th Fr Sa Su)` };
    for (const span of match[2]!.split(',')) {
      const [fromText, toText] = span.split('-');
      const from = parseTime(fromText ?? '');
      const to = parseTime(toText ?? '');
      if (from === null || to === null || to <= from) return { ok: false, error: `bad time span "${span}"` };
      for (const day of days) week[day]!.push([from, to]);
    }
  }
  return { ok: true, hours: week };
}

/** Weekday (0 = Monday) and minutes since midnight of an instant in a time zone. */
export function localWeekTime(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').slice(0, 2) as Day);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function isOpen(hours: WeeklyHours, at: Date, timeZone: string): boolean {
  const { day, minutes } = localWeekTime(at, timeZone);
  return (hours[day] ?? []).some(([from, to]) => minutes >= from && minutes < to);
}
