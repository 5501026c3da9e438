// Cross-reference checks over the whole content library: what the schemas alone cannot see.
import path from 'node:path';
import { ROUTES, LANGUAGES, NO_THEME_CLASS, type LocaleTree } from './schema.js';
import type { Content, Problem } from './types.js';
import type { SourceFile } from './load.js';
import { redact } from '../privacy/redact.js';
import { exampleKey } from './examples.js';

/** WhatsApp reply buttons hold 20 characters. */
export const MAX_CHOICE_LABEL = 20;

type Where = { file: string; at: ReadonlyArray<PropertyKey> };

export function crossCheck(content: Content, sources: ReadonlyMap<string, SourceFile>): Problem[] {
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], where: Where, message: string) => {
    const line = sources.get(where.file)?.lineOf(where.at) ?? 1;
    problems.push({ severity, file: where.file, line, message });
  };
  const error = (where: Where, message: string) => report('error', where, message);
  const warn = (where: Where, message: string) => report('warning', where, message);

  // Routes: the order is the policy (self and network first, tailored support last).
  content.routes.forEach((route, index) => {
    if (route.id !== ROUTES[index]) {
      error(
        { file: 'routes.yaml', at: ['routes'] },
        `route order must be ${ROUTES.join(' → ')}; found ${content.routes.map((r) => r.id).join(' → ')}`,
      );
    }
  });

  if (!content.gemeente.languages.includes('nl')) {
    error({ file: 'gemeente.yaml', at: ['languages'] }, 'languages must include nl');
  }

  // Checks: one per theme, answering real questions of that theme, with bands that cover every possible total.
  const checkThemes = new Set<string>();
  for (const check of content.checks) {
    const file = [...sources.keys()].find((f) => f.startsWith('checks/') && sources.get(f)?.doc.get('id') === check.id) ?? `checks/${check.id}.yaml`;
    const where = (at: PropertyKey[]): Where => ({ file, at });
    const theme = content.themeById.get(check.theme);
    if (!theme) error(where(['theme']), `unknown theme "${check.theme}"`);
    if (checkThemes.has(check.theme)) error(where(['theme']), `theme "${check.theme}" has more than one check`);
    checkThemes.add(check.theme);
    const maxTotal = check.questions.reduce((sum, q) => sum + Math.max(...q.choices.map((c) => c.points)), 0);
    let previous = -1;
    check.results.forEach((result, ri) => {
      if (result.max <= previous) error(where(['results', ri, 'max']), 'result bands must have increasing max values');
      previous = result.max;
      for (const [questionId, choiceId] of Object.entries(result.answers)) {
        const question = theme?.questions.find((q) => q.id === questionId);
        if (theme && !question) error(where(['results', ri, 'answers', questionId]), `theme ${theme.id} has no question "${questionId}"`);
        else if (question && !question.choices.some((c) => c.id === choiceId)) {
          error(where(['results', ri, 'answers', questionId]), `question "${questionId}" of theme ${check.theme} has no choice "${choiceId}"`);
        }
      }
    });
    if (previous < maxTotal) error(where(['results']), `the highest band ends at ${previous}, but answers can add up to ${maxTotal}`);
  }

  // Examples: one file per theme, named after it, without personal data (they are read by people who edit content).
  const exampleOwner = new Map<string, string>();
  for (const examples of content.examples) {
    const file =
      [...sources.keys()].find((f) => f.startsWith('examples/') && sources.get(f)?.doc.get('theme') === examples.theme) ??
      `examples/${examples.theme}.yaml`;
    const where = (at: PropertyKey[]): Where => ({ file, at });
    if (!content.themeById.has(examples.theme)) error(where(['theme']), `unknown theme "${examples.theme}"`);
    else if (path.basename(file, '.yaml') !== examples.theme) error(where(['theme']), `examples of theme "${examples.theme}" must be in examples/${examples.theme}.yaml`);
    for (const language of LANGUAGES) {
      examples[language].forEach((text, i) => {
        if (redact(text).found.length > 0) error(where([language, i]), 'example contains personal data (a phone number, e-mail address, IBAN or BSN)');
        const key = exampleKey(text);
        const owner = exampleOwner.get(key);
        if (owner && owner !== examples.theme) warn(where([language, i]), `the same example is also labelled ${owner}`);
        else if (owner) warn(where([language, i]), 'duplicate example');
        exampleOwner.set(key, examples.theme);
      });
    }
  }

  // The generated theme model must speak of our themes (after a theme is renamed: train it again).
  if (content.themeModel) {
    for (const id of content.themeModel.classes) {
      if (id !== NO_THEME_CLASS && !content.themeById.has(id)) {
        error({ file: 'theme-model.json', at: ['classes'] }, `unknown theme "${id}": run npm run train:themes`);
      }
    }
  }

  // Themes: ids, questions, facts.
  const factsByTheme = new Map<string, Map<string, Set<string>>>();
  const seenThemeIds = new Set<string>();
  for (const theme of content.themes) {
    const file = `themes/${theme.id}.yaml`;
    const actualFile = [...sources.keys()].find(
      (f) => f.startsWith('themes/') && sources.get(f)?.doc.get('id') === theme.id,
    );
    const where = (at: PropertyKey[]): Where => ({ file: actualFile ?? file, at });
    if (actualFile && path.basename(actualFile, '.yaml') !== theme.id) {
      error(where(['id']), `theme id "${theme.id}" must match the file name`);
    }
    if (seenThemeIds.has(theme.id)) error(where(['id']), `theme id "${theme.id}" is used twice`);
    seenThemeIds.add(theme.id);

    const facts = new Map<string, Set<string>>();
    factsByTheme.set(theme.id, facts);
    const questionIds = new Set<string>();
    theme.questions.forEach((question, qi) => {
      if (questionIds.has(question.id)) error(where(['questions', qi, 'id']), `question id "${question.id}" is used twice`);
      questionIds.add(question.id);
      question.when.forEach((condition, ci) => {
        const known = facts.get(condition.fact);
        if (!known) {
          error(
            where(['questions', qi, 'when', ci, 'fact']),
            `fact "${condition.fact}" is not set by an earlier question of theme ${theme.id}`,
          );
        } else {
          for (const value of condition.in) {
            if (!known.has(String(value))) {
              error(
                where(['questions', qi, 'when', ci, 'in']),
                `fact "${condition.fact}" is never set to ${JSON.stringify(value)} in theme ${theme.id}`,
              );
            }
          }
        }
      });
      const choiceIds = new Set<string>();
      question.choices.forEach((choice, ci) => {
        if (choiceIds.has(choice.id)) error(where(['questions', qi, 'choices', ci, 'id']), `choice id "${choice.id}" is used twice`);
        choiceIds.add(choice.id);
        for (const language of LANGUAGES) {
          if (choice.label[language].length > MAX_CHOICE_LABEL) {
            warn(
              where(['questions', qi, 'choices', ci, 'label', language]),
              `choice label "${choice.label[language]}" is longer than ${MAX_CHOICE_LABEL} characters (WhatsApp buttons cut it)`,
            );
          }
        }
        for (const [fact, value] of Object.entries(choice.sets)) {
          if (!facts.has(fact)) facts.set(fact, new Set());
          facts.get(fact)!.add(String(value));
        }
      });
    });

    if (theme.networkQuestion && !questionIds.has(theme.networkQuestion)) {
      error(where(['networkQuestion']), `networkQuestion "${theme.networkQuestion}" is not a question of theme ${theme.id}`);
    }
    const subIds = new Set<string>();
    theme.subthemes.forEach((sub, si) => {
      if (subIds.has(sub.id) || sub.id === theme.id) error(where(['subthemes', si, 'id']), `subtheme id "${sub.id}" is used twice`);
      subIds.add(sub.id);
    });

    theme.offerings.forEach((offeringId, oi) => {
      const offering = content.offeringById.get(offeringId);
      if (!offering) error(where(['offerings', oi]), `unknown offering "${offeringId}"`);
      else if (!offering.themes.includes(theme.id)) {
        error(where(['offerings', oi]), `offering "${offeringId}" does not name theme ${theme.id} in its themes`);
      }
    });
    const routesCovered = new Set(
      theme.offerings.map((id) => content.offeringById.get(id)?.route).filter((r) => r !== undefined),
    );
    for (const route of ROUTES) {
      if (!routesCovered.has(route) && theme.id !== 'helpen') {
        warn(where(['offerings']), `theme ${theme.id} has no offering on route ${route}`);
      }
    }
  }

  // Offerings: themes exist, both directions agree, conditions use real facts.
  const offeringIds = new Set<string>();
  for (const offering of content.offerings) {
    const actualFile =
      [...sources.keys()].find((f) => f.startsWith('offerings/') && sources.get(f)?.doc.get('id') === offering.id) ??
      `offerings/${offering.id}.yaml`;
    const where = (at: PropertyKey[]): Where => ({ file: actualFile, at });
    if (path.basename(actualFile, '.yaml') !== offering.id) {
      error(where(['id']), `offering id "${offering.id}" must match the file name`);
    }
    if (offeringIds.has(offering.id)) error(where(['id']), `offering id "${offering.id}" is used twice`);
    offeringIds.add(offering.id);
    if (offering.fictional !== offering.source.startsWith('fictional')) {
      error(where(['source']), 'a fictional offering has source "fictional: …"; a real one names where it was verified');
    }
    offering.themes.forEach((themeId, ti) => {
      const theme = content.themeById.get(themeId);
      if (!theme) error(where(['themes', ti]), `unknown theme "${themeId}"`);
    });
    offering.conditions.forEach((condition, ci) => {
      const values = new Set<string>();
      let known = false;
      for (const themeId of offering.themes) {
        const set = factsByTheme.get(themeId)?.get(condition.fact);
        if (set) {
          known = true;
          for (const v of set) values.add(v);
        }
      }
      if (!known) {
        error(where(['conditions', ci, 'fact']), `fact "${condition.fact}" is not set by any question of ${offering.themes.join(', ')}`);
        return;
      }
      for (const value of condition.in) {
        if (!values.has(String(value))) {
          error(where(['conditions', ci, 'in']), `fact "${condition.fact}" is never set to ${JSON.stringify(value)}`);
        }
      }
    });
  }
  for (const route of ROUTES) {
    if (!content.offerings.some((o) => o.route === route)) {
      warn({ file: 'routes.yaml', at: ['routes'] }, `no offering on route ${route}`);
    }
  }

  // Safety: numbers referenced exist, themes exist, every pattern compiles.
  const numberIds = new Set(content.safety.numbers.map((n) => n.id));
  content.safety.categories.forEach((category, ci) => {
    category.numbers.forEach((id, ni) => {
      if (!numberIds.has(id)) error({ file: 'safety.yaml', at: ['categories', ci, 'numbers', ni] }, `unknown number "${id}"`);
    });
    if (category.theme && !content.themeById.has(category.theme)) {
      error({ file: 'safety.yaml', at: ['categories', ci, 'theme'] }, `unknown theme "${category.theme}"`);
    }
    for (const language of LANGUAGES) {
      category.patterns[language].forEach((pattern, pi) =>
        checkPattern(pattern, { file: 'safety.yaml', at: ['categories', ci, 'patterns', language, pi] }, error),
      );
      category.exclude[language].forEach((pattern, pi) =>
        checkPattern(pattern, { file: 'safety.yaml', at: ['categories', ci, 'exclude', language, pi] }, error),
      );
    }
  });
  for (const list of ['idioms', 'negations'] as const) {
    for (const language of LANGUAGES) {
      content.safety[list][language].forEach((pattern, pi) =>
        checkPattern(pattern, { file: 'safety.yaml', at: [list, language, pi] }, error),
      );
    }
  }
  const conceptIds = new Set(Object.keys(content.safety.concepts));
  for (const [id, concept] of Object.entries(content.safety.concepts)) {
    for (const language of LANGUAGES) {
      concept[language].forEach((pattern, pi) =>
        checkPattern(pattern, { file: 'safety.yaml', at: ['concepts', id, language, pi] }, error),
      );
    }
  }
  content.safety.rules.forEach((rule, ri) => {
    rule.all.forEach((id, ci) => {
      if (!conceptIds.has(id)) error({ file: 'safety.yaml', at: ['rules', ri, 'all', ci] }, `unknown concept "${id}"`);
    });
  });
  const context = content.safety.context;
  if (context) {
    for (const key of ['past', 'info', 'now'] as const) {
      if (!conceptIds.has(context[key])) error({ file: 'safety.yaml', at: ['context', key] }, `unknown concept "${context[key]}"`);
    }
  }
  content.signals.signals.forEach((signal, si) => {
    for (const language of LANGUAGES) {
      signal.patterns[language].forEach((pattern, pi) =>
        checkPattern(pattern, { file: 'signals.yaml', at: ['signals', si, 'patterns', language, pi] }, error),
      );
    }
  });

  problems.push(...checkLocales(content, sources));
  return problems;
}

function checkPattern(pattern: string, where: Where, error: (w: Where, m: string) => void): void {
  try {
    new RegExp(pattern, 'u');
  } catch (cause) {
    error(where, `pattern does not compile: ${(cause as Error).message}`);
  }
}

/** Flatten a locale tree to dotted keys. */
export function flattenLocale(tree: LocaleTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flattenLocale(value, full)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
}

function checkLocales(content: Content, sources: ReadonlyMap<string, SourceFile>): Problem[] {
  const problems: Problem[] = [];
  const first = LANGUAGES[0];
  const namespaces = new Set(LANGUAGES.flatMap((l) => Object.keys(content.locales[l])));
  for (const ns of namespaces) {
    const flat = Object.fromEntries(
      LANGUAGES.map((l) => [l, content.locales[l][ns] ? flattenLocale(content.locales[l][ns]!) : undefined]),
    ) as Record<string, Map<string, string> | undefined>;
    for (const language of LANGUAGES) {
      if (!flat[language]) {
        problems.push({ severity: 'error', file: `locales/${language}/${ns}.json`, line: 1, message: `file is missing (it exists for another language)` });
      }
    }
    for (const a of LANGUAGES) {
      for (const b of LANGUAGES) {
        if (a === b || !flat[a] || !flat[b]) continue;
        const file = `locales/${a}/${ns}.json`;
        for (const [key, text] of flat[a]!) {
          const line = sources.get(file)?.lineOf(key.split('.')) ?? 1;
          const other = flat[b]!.get(key);
          if (other === undefined) {
            problems.push({ severity: 'error', file, line, message: `key "${ns}:${key}" is missing in ${b}` });
          } else if (a === first && placeholders(text) !== placeholders(other)) {
            problems.push({
              severity: 'error',
              file,
              line,
              message: `key "${ns}:${key}" uses placeholders {${placeholders(text)}} in ${a} but {${placeholders(other)}} in ${b}`,
            });
          }
        }
      }
    }
  }
  return problems;
}
