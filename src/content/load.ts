// Reads content/ into typed objects; every problem is reported with its file and line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import {
  GemeenteFile,
  RoutesFile,
  ThemeFile,
  CheckFile,
  ExampleFile,
  OfferingFile,
  SafetyFile,
  SignalsFile,
  SafetyModelFile,
  ThemeModelFile,
  MaatwerkModelFile,
  LocaleTreeSchema,
  LANGUAGES,
  type Language,
  type LocaleTree,
} from './schema.js';
import type { Content, Problem } from './types.js';
import { crossCheck } from './cross-check.js';

export type { Content, Problem } from './types.js';

/** A parsed file that remembers where each value stood, so later checks can point at a line. */
export class SourceFile {
  private readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
  }

  /** Line (1-based) of the value at a path, or of its nearest existing parent. */
  lineOf(pathParts: ReadonlyArray<PropertyKey>): number {
    for (let depth = pathParts.length; depth >= 0; depth--) {
      const node = this.doc.getIn(pathParts.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  syntaxProblems(): Problem[] {
    return this.doc.errors.map((error) => ({
      severity: 'error' as const,
      file: this.file,
      line: error.linePos?.[0]?.line ?? this.lines.linePos(error.pos[0]).line,
      message: `cannot read this file: ${error.message.split('\n')[0]}`,
    }));
  }
}

/** Parse one file against a schema; returns the value or pushes problems with lines. */
function parseWith<S extends z.ZodType>(
  source: SourceFile,
  schema: S,
  problems: Problem[],
): z.output<S> | undefined {
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) {
    problems.push(...syntax);
    return undefined;
  }
  const result = schema.safeParse(source.doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    problems.push({
      severity: 'error',
      file: source.file,
      line: source.lineOf(issue.path),
      message: `${where}${issue.message}`,
    });
  }
  return undefined;
}

function readSource(root: string, relative: string, problems: Problem[]): SourceFile | undefined {
  const full = path.join(root, relative);
  if (!existsSync(full)) {
    problems.push({ severity: 'error', file: relative, line: 1, message: 'file is missing' });
    return undefined;
  }
  return new SourceFile(relative, readFileSync(full, 'utf8'));
}

function listFiles(root: string, folder: string, extension: string): string[] {
  const full = path.join(root, folder);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.posix.join(folder, name));
}

export interface LoadResult {
  content: Content | undefined;
  problems: Problem[];
  sources: Map<string, SourceFile>;
}

/** Load and check everything under a content directory. `content` is undefined when there is any error. */
export function loadContent(root: string): LoadResult {
  const problems: Problem[] = [];
  const sources = new Map<string, SourceFile>();
  const read = <S extends z.ZodType>(relative: string, schema: S): z.output<S> | undefined => {
    const source = readSource(root, relative, problems);
    if (!source) return undefined;
    sources.set(relative, source);
    return parseWith(source, schema, problems);
  };

  const gemeente = read('gemeente.yaml', GemeenteFile);
  const routes = read('routes.yaml', RoutesFile);
  const safety = read('safety.yaml', SafetyFile);
  const signals = read('signals.yaml', SignalsFile);
  const safetyModel = readModel(root, 'safety-model.json', SafetyModelFile, problems);
  const themeModel = readModel(root, 'theme-model.json', ThemeModelFile, problems);
  const maatwerkModel = readModel(root, 'maatwerk-model.json', MaatwerkModelFile, problems);

  const themes: ThemeFile[] = [];
  for (const file of listFiles(root, 'themes', '.yaml')) {
    const theme = read(file, ThemeFile);
    if (theme) themes.push(theme);
  }
  const offerings: OfferingFile[] = [];
  for (const file of listFiles(root, 'offerings', '.yaml')) {
    const offering = read(file, OfferingFile);
    if (offering) offerings.push(offering);
  }

  const checks: CheckFile[] = [];
  for (const file of listFiles(root, 'checks', '.yaml')) {
    const check = read(file, CheckFile);
    if (check) checks.push(check);
  }

  const examples: ExampleFile[] = [];
  for (const file of listFiles(root, 'examples', '.yaml')) {
    const example = read(file, ExampleFile);
    if (example) examples.push(example);
  }

  const locales = {} as Record<Language, Record<string, LocaleTree>>;
  for (const language of LANGUAGES) {
    locales[language] = {};
    for (const file of listFiles(root, `locales/${language}`, '.json')) {
      // JSON is YAML 1.2, so the same parser gives us line numbers for locale keys too.
      const tree = read(file, LocaleTreeSchema);
      if (tree) locales[language][path.basename(file, '.json')] = tree;
    }
  }

  if (!gemeente) return { content: undefined, problems, sources };
  // A theme leads to its own preferred offerings first, then to every offering that names it, in route order.
  const routeOrder = new Map((routes?.routes ?? []).map((r) => [r.id, r.order]));
  for (const theme of themes) {
    const named = offerings
      .filter((o) => o.themes.includes(theme.id) && !theme.offerings.includes(o.id))
      .sort((a, b) => (routeOrder.get(a.route) ?? 9) - (routeOrder.get(b.route) ?? 9) || a.id.localeCompare(b.id))
      .map((o) => o.id);
    theme.offerings = [...theme.offerings, ...named];
  }
  const content: Content = {
    root,
    gemeente,
    // When a file failed its schema, the cross-checks still run on the rest, so one run reports everything.
    routes: [...(routes?.routes ?? [])].sort((a, b) => a.order - b.order),
    themes: themes.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
    offerings,
    checks,
    examples,
    safety: safety ?? { version: 0, numbers: [], categories: [], idioms: { nl: [], en: [] }, negations: { nl: [], en: [] }, concepts: {}, rules: [] },
    signals: signals ?? { version: 0, signals: [] },
    safetyModel,
    themeModel,
    maatwerkModel,
    locales,
    themeById: new Map(themes.map((t) => [t.id, t])),
    offeringById: new Map(offerings.map((o) => [o.id, o])),
    checkByTheme: new Map(checks.map((c) => [c.theme, c])),
  };
  problems.push(...crossCheck(content, sources));
  const hasErrors = problems.some((p) => p.severity === 'error');
  return { content: hasErrors ? undefined : content, problems, sources };
}

/**
 * A generated word model (the crisis model under the rules, the theme model). Such a file is JSON of some hundreds
 * of kilobytes, so it is read with JSON.parse rather than through the YAML parser; it is optional (without it the
 * hand-written content works alone).
 */
function readModel<T>(root: string, file: string, schema: z.ZodType<T>, problems: Problem[]): T | null {
  const full = path.join(root, file);
  if (!existsSync(full)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(full, 'utf8'));
  } catch (cause) {
    problems.push({ severity: 'error', file, line: 1, message: `cannot read this file: ${(cause as Error).message}` });
    return null;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues.slice(0, 20)) {
    problems.push({ severity: 'error', file, line: 1, message: `${issue.path.join('.')}: ${issue.message}` });
  }
  return null;
}

export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `The content is not valid (${problems.filter((p) => p.severity === 'error').length} errors):\n` +
        problems
          .filter((p) => p.severity === 'error')
          .map(formatProblem)
          .join('\n'),
    );
    this.name = 'ContentError';
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.severity}: ${problem.message}`;
}

/** Start-up: load content or refuse with the same messages as `keuzehulp content check`. */
export function loadContentOrThrow(root: string): Content {
  const { content, problems } = loadContent(root);
  if (!content) throw new ContentError(problems);
  return content;
}
