// `keuzehulp content check`: schema and cross-reference errors, plus a Dutch readability report per file.
import type { Content, Problem } from './types.js';
import { loadContent, type SourceFile } from './load.js';
import { flattenLocale } from './cross-check.js';
import { B1_MIN_SCORE, checkDutchText, fleschDouma, textStats, type TextStats } from './readability.js';

export interface FileReadability {
  file: string;
  texts: number;
  stats: TextStats;
  score: number | null;
}

export interface CheckResult {
  problems: Problem[];
  readability: FileReadability[];
  summary: { themes: number; offerings: number; offeringsByRoute: Record<string, number>; localeKeys: number } | null;
}

type DutchText = { file: string; at: PropertyKey[]; text: string };

/** Every Dutch text a person reads, with where it stands. Vocabulary is not text people read. */
function dutchTexts(content: Content): DutchText[] {
  const out: DutchText[] = [];
  const walk = (file: string, value: unknown, at: PropertyKey[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(file, v, [...at, i]));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.nl === 'string' && typeof record.en === 'string' && !at.includes('vocabulary') && !at.includes('synonyms')) {
        out.push({ file, at: [...at, 'nl'], text: record.nl });
        return;
      }
      for (const [k, v] of Object.entries(record)) if (k !== 'vocabulary' && k !== 'words') walk(file, v, [...at, k]);
    }
  };
  walk('gemeente.yaml', content.gemeente, []);
  walk('routes.yaml', content.routes, ['routes']);
  walk('safety.yaml', { numbers: content.safety.numbers }, []);
  for (const theme of content.themes) walk(`themes/${theme.id}.yaml`, theme, []);
  for (const offering of content.offerings) walk(`offerings/${offering.id}.yaml`, offering, []);
  for (const check of content.checks) walk(`checks/${check.id}.yaml`, check, []);
  for (const [ns, tree] of Object.entries(content.locales.nl)) {
    for (const [key, text] of flattenLocale(tree)) out.push({ file: `locales/nl/${ns}.json`, at: key.split('.'), text });
  }
  return out;
}

function readability(content: Content, sources: ReadonlyMap<string, SourceFile>): { problems: Problem[]; files: FileReadability[] } {
  const problems: Problem[] = [];
  const byFile = new Map<string, string[]>();
  for (const item of dutchTexts(content)) {
    // Interpolation placeholders read as one word.
    const text = item.text.replace(/\{\{[^}]+\}\}/g, 'iets');
    const list = byFile.get(item.file) ?? [];
    list.push(text);
    byFile.set(item.file, list);
    const source = [...sources.keys()].find((f) => f === item.file) ?? item.file;
    for (const finding of checkDutchText(text)) {
      problems.push({
        severity: 'warning',
        file: source,
        line: sources.get(source)?.lineOf(item.at) ?? 1,
        message: `B1: ${finding.message}: "${finding.text.slice(0, 80)}"`,
      });
    }
  }
  const files: FileReadability[] = [];
  for (const [file, texts] of byFile) {
    // Each text is its own sentence group: join with line breaks so sentence counts stay honest.
    const stats = textStats(texts.join('\n'));
    const score = fleschDouma(stats);
    files.push({ file, texts: texts.length, stats, score });
    if (score !== null && score < B1_MIN_SCORE) {
      problems.push({
        severity: 'warning',
        file,
        line: 1,
        message: `B1: Flesch-Douma ${score.toFixed(0)} is below ${B1_MIN_SCORE} (${(stats.words / stats.sentences).toFixed(1)} words per sentence, ${(stats.syllables / stats.words).toFixed(2)} syllables per word)`,
      });
    }
  }
  return { problems, files: files.sort((a, b) => a.file.localeCompare(b.file)) };
}

export function checkContent(root: string): CheckResult {
  const { content, problems, sources } = loadContent(root);
  if (!content) return { problems, readability: [], summary: null };
  const report = readability(content, sources);
  const offeringsByRoute: Record<string, number> = {};
  for (const o of content.offerings) offeringsByRoute[o.route] = (offeringsByRoute[o.route] ?? 0) + 1;
  return {
    problems: [...problems, ...report.problems],
    readability: report.files,
    summary: {
      themes: content.themes.length,
      offerings: content.offerings.length,
      offeringsByRoute,
      localeKeys: Object.values(content.locales.nl).reduce((n, tree) => n + flattenLocale(tree).size, 0),
    },
  };
}
