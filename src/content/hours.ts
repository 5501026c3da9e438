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

const DAY_NAMES: Record<'nl' | 'en', readonly string[]> = {
  nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

function clock(minutes: number, language: 'nl' | 'en'): string {
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, '0');
  return language === 'nl' ? `${h}.${m}` : `${h}:${m}`;
}

/**
 * Opening hours in plain words: "maandag tot en met vrijdag van 9.00 tot 17.00 uur". Days with the same hours are
 * grouped into ranges. Text that cannot be read is returned as it is (content check reports it elsewhere).
 */
export function describeOpeningHours(text: string, language: 'nl' | 'en'): string {
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) return text;
  const words = language === 'nl'
    ? { through: 'tot en met', from: 'van', to: 'tot', suffix: ' uur', and: 'en', always: 'dag en nacht', never: 'op dit moment niet' }
    : { through: 'to', from: 'from', to: 'to', suffix: '', and: 'and', always: 'day and night', never: 'not at the moment' };
  const spans = parsed.hours.map((day) => day.map(([from, to]) => `${words.from} ${clock(from, language)} ${words.to} ${clock(to, language)}${words.suffix}`).join(` ${words.and} `));
  if (spans.every((s) => s === '')) return words.never;
  if (parsed.hours.every((day) => day.length === 1 && day[0]![0] === 0 && day[0]![1] === 24 * 60)) return words.always;
  const parts: string[] = [];
  for (let day = 0; day < 7; ) {
    if (spans[day] === '') {
      day++;
      continue;
    }
    let end = day;
    while (end + 1 < 7 && spans[end + 1] === spans[day]) end++;
    const names = DAY_NAMES[language];
    const days = end === day ? names[day]! : end === day + 1 ? `${names[day]} ${words.and} ${names[end]}` : `${names[day]} ${words.through} ${names[end]}`;
    parts.push(`${days} ${spans[day]}`);
    day = end + 1;
  }
  return parts.join(language === 'nl' ? '; ' : '; ');
}
