// Importing labelled messages into content/examples/<theme>.yaml, the examples theme matching learns from.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import { redact } from '../privacy/redact.js';
import type { Content } from './types.js';
import { LANGUAGES, type Language } from './schema.js';

export interface LabelledExample {
  text: string;
  theme: string | null;
  crisis: boolean;
  /** Where the line came from ("file.jsonl:12"), for messages about it. */
  source: string;
}

export interface ImportResult {
  added: Record<string, number>;
  skipped: { noTheme: number; crisis: number; duplicate: number; holdout: number; unknownTheme: string[] };
  /** Lines whose personal data was replaced by placeholders before they were stored. */
  redacted: number;
}

const HEADER =
  ' Messages people wrote, labelled with this theme. Theme matching compares new messages with them (nearest example).\n' +
  ' Imported with `keuzehulp content examples FILE.jsonl`; personal data is replaced by placeholders on import.';

/** One key per message, so the same message in other spacing or capitals is not stored twice. */
export function exampleKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Add labelled lines to the example files. Lines without a theme, crisis lines (they are the safety rules' work,
 * not theme examples), messages of a held-out set and messages already known as an example are skipped. `languageOf` decides
 * whether a message goes under nl or en.
 */
export function importExamples(
  content: Content,
  lines: readonly LabelledExample[],
  languageOf: (text: string) => Language,
  options: { source: string; dryRun?: boolean; holdout?: readonly string[] },
): ImportResult {
  const result: ImportResult = {
    added: {},
    skipped: { noTheme: 0, crisis: 0, duplicate: 0, holdout: 0, unknownTheme: [] },
    redacted: 0,
  };
  // Messages we measure with must stay unseen by theme matching, or the measurement says nothing.
  const holdout = new Set((options.holdout ?? []).map(exampleKey));
  const known = new Set<string>();
  for (const theme of content.themes) {
    for (const language of LANGUAGES) for (const e of theme.vocabulary[language].examples) known.add(exampleKey(e));
  }
  for (const file of content.examples) for (const language of LANGUAGES) for (const e of file[language]) known.add(exampleKey(e));

  const additions = new Map<string, Record<Language, string[]>>();
  for (const line of lines) {
    if (line.theme === null) {
      result.skipped.noTheme++;
      continue;
    }
    if (!content.themeById.has(line.theme)) {
      result.skipped.unknownTheme.push(`${line.source}: unknown theme "${line.theme}"`);
      continue;
    }
    if (line.crisis) {
      result.skipped.crisis++;
      continue;
    }
    if (holdout.has(exampleKey(line.text))) {
      result.skipped.holdout++;
      continue;
    }
    const clean = redact(line.text.replace(/\s+/g, ' ').trim());
    if (clean.found.length > 0) result.redacted++;
    const key = exampleKey(clean.text);
    if (clean.text.length < 2 || known.has(key)) {
      result.skipped.duplicate++;
      continue;
    }
    known.add(key);
    const perTheme = additions.get(line.theme) ?? { nl: [], en: [] };
    perTheme[languageOf(clean.text)].push(clean.text);
    additions.set(line.theme, perTheme);
    result.added[line.theme] = (result.added[line.theme] ?? 0) + 1;
  }

  if (options.dryRun) return result;
  for (const [themeId, perLanguage] of [...additions].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(content.root, 'examples', `${themeId}.yaml`);
    const exists = existsSync(file);
    const doc = exists
      ? parseDocument(readFileSync(file, 'utf8'))
      : parseDocument(`version: 1\ntheme: ${themeId}\nsource: ${JSON.stringify(options.source)}\nnl: []\nen: []\n`);
    if (!exists) doc.commentBefore = HEADER;
    for (const language of LANGUAGES) {
      if (perLanguage[language].length === 0) continue;
      let seq = doc.get(language);
      if (!(seq instanceof YAMLSeq)) {
        doc.set(language, new YAMLSeq());
        seq = doc.get(language);
      }
      const target = seq as YAMLSeq;
      target.flow = false;
      for (const text of perLanguage[language]) target.add(doc.createNode(text));
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
  }
  return result;
}
