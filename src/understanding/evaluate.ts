// Evaluation of understanding against labelled lines: accuracy, confusion, recall, false alarms, latency.
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { Audience } from '../content/schema.js';
import type { Understander, Understanding } from './index.js';

export const LabelledLine = z.object({
  text: z.string(),
  theme: z.string().nullable(),
  audience: Audience.nullable().optional(),
  crisis: z.boolean(),
  maatwerk: z.boolean(),
});
export type LabelledLine = z.infer<typeof LabelledLine>;

export interface ParsedLines {
  lines: Array<LabelledLine & { source: string }>;
  errors: string[];
}

/** Read JSONL text; a bad line is reported with its number, never silently dropped. */
export function parseLabelled(text: string, source: string): ParsedLines {
  const lines: ParsedLines['lines'] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      errors.push(`${source}:${i + 1}: not valid JSON (${(cause as Error).message})`);
      return;
    }
    const parsed = LabelledLine.safeParse(value);
    if (!parsed.success) {
      errors.push(`${source}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return;
    }
    lines.push({ ...parsed.data, source: `${source}:${i + 1}` });
  });
  return { lines, errors };
}

export interface Miss {
  source: string;
  text: string;
  field: 'theme' | 'crisis' | 'maatwerk' | 'audience';
  expected: string;
  got: string;
}

export interface Rate {
  hits: number;
  total: number;
  value: number;
}

export interface EvalReport {
  lines: number;
  theme: Rate;
  confusion: Record<string, Record<string, number>>;
  crisisRecall: Rate;
  crisisFalseAlarm: Rate;
  maatwerkRecall: Rate;
  maatwerkPrecision: Rate;
  audience: Rate;
  latencyMs: { p50: number; p99: number; max: number };
  misses: Miss[];
}

function rate(hits: number, total: number): Rate {
  return { hits, total, value: total === 0 ? 1 : hits / total };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const label = (theme: string | null) => theme ?? 'null';

export function evaluate(understander: Understander, lines: ReadonlyArray<LabelledLine & { source: string }>): EvalReport {
  // Warm up so that the first lines do not pay for lazy caches and JIT.
  for (const line of lines.slice(0, 20)) understander.understand(line.text);
  const timings: number[] = [];
  const confusion: Record<string, Record<string, number>> = {};
  const misses: Miss[] = [];
  let themeHits = 0;
  let crisisTp = 0, crisisFn = 0, crisisFp = 0, crisisTn = 0;
  let maatTp = 0, maatFn = 0, maatFp = 0;
  let audienceHits = 0, audienceTotal = 0;
  for (const line of lines) {
    const start = performance.now();
    const result: Understanding = understander.understand(line.text);
    timings.push(performance.now() - start);
    const expected = label(line.theme);
    const got = label(result.theme);
    confusion[expected] ??= {};
    confusion[expected][got] = (confusion[expected][got] ?? 0) + 1;
    if (expected === got) themeHits++;
    else misses.push({ source: line.source, text: line.text, field: 'theme', expected, got });
    if (line.crisis) {
      if (result.crisis) crisisTp++;
      else {
        crisisFn++;
        misses.push({ source: line.source, text: line.text, field: 'crisis', expected: 'true', got: 'false' });
      }
    } else if (result.crisis) {
      crisisFp++;
      misses.push({ source: line.source, text: line.text, field: 'crisis', expected: 'false', got: 'true' });
    } else crisisTn++;
    if (line.maatwerk && result.maatwerk) maatTp++;
    else if (line.maatwerk) {
      maatFn++;
      misses.push({ source: line.source, text: line.text, field: 'maatwerk', expected: 'true', got: 'false' });
    } else if (result.maatwerk) {
      maatFp++;
      misses.push({ source: line.source, text: line.text, field: 'maatwerk', expected: 'false', got: `true (${result.signals.join(',')})` });
    }
    if (line.audience !== undefined) {
      audienceTotal++;
      if (line.audience === result.audience) audienceHits++;
      else misses.push({ source: line.source, text: line.text, field: 'audience', expected: String(line.audience), got: String(result.audience) });
    }
  }
  timings.sort((a, b) => a - b);
  return {
    lines: lines.length,
    theme: rate(themeHits, lines.length),
    confusion,
    crisisRecall: rate(crisisTp, crisisTp + crisisFn),
    crisisFalseAlarm: rate(crisisFp, crisisFp + crisisTn),
    maatwerkRecall: rate(maatTp, maatTp + maatFn),
    maatwerkPrecision: rate(maatTp, maatTp + maatFp),
    audience: rate(audienceHits, audienceTotal),
    latencyMs: { p50: percentile(timings, 50), p99: percentile(timings, 99), max: timings.at(-1) ?? 0 },
    misses,
  };
}

const pct = (r: Rate) => `${(r.value * 100).toFixed(1)}% (${r.hits}/${r.total})`;

export function formatReport(report: EvalReport, options: { showMisses?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`lines                 ${report.lines}`);
  out.push(`theme accuracy        ${pct(report.theme)}`);
  out.push(`crisis recall         ${pct(report.crisisRecall)}`);
  out.push(`crisis false alarms   ${pct(report.crisisFalseAlarm)}`);
  out.push(`maatwerk recall       ${pct(report.maatwerkRecall)}`);
  out.push(`maatwerk precision    ${pct(report.maatwerkPrecision)}`);
  out.push(`audience accuracy     ${pct(report.audience)}`);
  out.push(`latency p50 / p99     ${report.latencyMs.p50.toFixed(3)} ms / ${report.latencyMs.p99.toFixed(3)} ms (max ${report.latencyMs.max.toFixed(3)} ms)`);
  out.push('');
  out.push('theme confusion (rows: expected, columns: predicted)');
  const labels = [...new Set([...Object.keys(report.confusion), ...Object.values(report.confusion).flatMap((r) => Object.keys(r))])].sort(
    (a, b) => (a === 'null' ? 1 : b === 'null' ? -1 : a.localeCompare(b)),
  );
  const short = (l: string) => l.slice(0, 5);
  out.push(`${''.padEnd(18)}${labels.map((l) => short(l).padStart(6)).join('')}   recall`);
  for (const row of labels) {
    const counts = report.confusion[row] ?? {};
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    const cells = labels.map((col) => String(counts[col] ?? '.').padStart(6)).join('');
    out.push(`${row.padEnd(18)}${cells}   ${(((counts[row] ?? 0) / total) * 100).toFixed(0).padStart(4)}%`);
  }
  if (options.showMisses && report.misses.length > 0) {
    out.push('');
    out.push('misses');
    for (const miss of report.misses) {
      out.push(`${miss.source}  ${miss.field}: expected ${miss.expected}, got ${miss.got}  «${miss.text.slice(0, 140)}»`);
    }
  }
  return out.join('\n');
}
