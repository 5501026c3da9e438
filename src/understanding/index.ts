// Understanding: one free-text message → language, themes, audience, crisis, maatwerk signals, command, and why.
// Deterministic and explainable: the same content and text always give the same result.
import type { Content } from '../content/types.js';
import type { Audience, CrisisCategoryId, Language, Signal } from '../content/schema.js';
import { MAX_ANALYSED_CHARS, normalize, tokenize } from './normalize.js';
import { ThemeIndex, type ThemeMatch, type ThemeScore } from './theme-index.js';
import { CrisisDetector } from './crisis.js';
import { CrisisSpelling } from './spelling.js';
import { SignalDetector } from './signals.js';
import { detectCommand, type Command } from './commands.js';
import { detectAudience } from './audience.js';
import { detectLanguage } from './language.js';
import { MaatwerkModel } from './maatwerk-model.js';

export type { Command } from './commands.js';

/** The longest text the crisis detector reads; safety reads far more than theme matching does. */
export const MAX_CRISIS_CHARS = 100_000;
/** How much of it is read a second time with typing errors corrected (a story long enough to need more has words enough). */
export const MAX_SPELLING_CHARS = 10_000;

/** Characters no keyboard types: C0 and C1 control characters other than tab and line breaks, DEL, U+FFFD. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g;
/**
 * A message with at least this share of them is data (a pasted file, a client sending bytes), not something a person
 * typed: its letters and digits are chance, so it gets no theme and no maatwerk signal. Random bytes hold about one in
 * four; text typed on any keyboard, none.
 */
export const MIN_BINARY_SHARE = 0.1;

/** A theme needs at least this much evidence; less is "not sure" (theme null). */
export const MIN_THEME_RAW = 0.6;
/** …of which at least this much from the vocabulary itself… */
export const MIN_DIRECT_RAW = 0.3;
/** …unless the evidence as a whole is this clear. */
export const CLEAR_THEME_RAW = 0.9;
/** Evidence at which a theme counts as clearly present (for several problems at once). */
export const STRONG_THEME_RAW = 1.5;

/** Pairs of themes that often describe one situation, not two separate problems. */
const RELATED: ReadonlyArray<readonly [string, string]> = [
  ['mantelzorg', 'thuis-wonen'],
  ['eenzaamheid', 'psychisch'],
  ['scheiding', 'opvoeding'],
  ['veiligheid', 'scheiding'],
  ['werk-dagbesteding', 'psychisch'],
  ['werk-dagbesteding', 'geldzorgen'],
  ['eenzaamheid', 'thuis-wonen'],
];

export interface Understanding {
  text: string;
  language: Language;
  theme: string | null;
  themes: Array<{ id: string; score: number }>;
  audience: Audience | null;
  crisis: boolean;
  maatwerk: boolean;
  signals: Signal[];
  command: Command | null;
  why: string[];
  /** Beyond the CLI contract: details the dialogue uses. */
  detail: {
    crisisCategories: CrisisCategoryId[];
    commandLanguage: Language | null;
    outOfScope: string | null;
    /** Raw evidence per theme, highest first. */
    evidence: ThemeScore[];
    truncated: boolean;
  };
}

export interface Understander {
  understand(text: string): Understanding;
}

function isRelated(a: string, b: string): boolean {
  return RELATED.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

export function createUnderstanding(content: Content): Understander {
  const index = new ThemeIndex(content);
  const crisisDetector = new CrisisDetector(content.safety, content.safetyModel);
  const spelling = CrisisSpelling.forSafety(content.safety);
  const signalDetector = new SignalDetector(content.signals);
  const maatwerkModel = content.maatwerkModel ? new MaatwerkModel(content.maatwerkModel) : null;

  function understand(input: string): Understanding {
    const text = typeof input === 'string' ? input : String(input ?? '');
    const why: string[] = [];
    const truncated = text.length > MAX_ANALYSED_CHARS;
    const head = truncated ? text.slice(0, MAX_ANALYSED_CHARS) : text;
    const normalizedHead = normalize(head);
    const tokens = tokenize(normalizedHead);

    // Safety first: the crisis detector reads the whole message (up to a generous limit).
    const withoutIdioms = crisisDetector.withoutIdioms(normalizedHead);
    const crisisText = truncated ? normalize(text.slice(0, MAX_CRISIS_CHARS)) : normalizedHead;
    let crisis = crisisDetector.detect(truncated ? crisisDetector.withoutIdioms(crisisText) : withoutIdioms);
    if (!crisis.crisis) {
      // Read once more with typing errors in crisis words corrected ("ademd niet", "ik wil me ophange"), only to add
      // a crisis the message as typed did not show.
      const corrected = spelling.correct(crisisText.slice(0, MAX_SPELLING_CHARS));
      if (corrected.corrections.length > 0) {
        const second = crisisDetector.detect(crisisDetector.withoutIdioms(corrected.text));
        if (second.crisis) {
          const read = `crisis words read with typing errors corrected: ${corrected.corrections.map((c) => `'${c.from}' as '${c.to}'`).join(', ')}`;
          crisis = { ...second, why: [...crisis.why.filter((w) => !second.why.includes(w)), read, ...second.why] };
        }
      }
    }
    why.push(...crisis.why);

    const controls = head.match(CONTROL_CHARS)?.length ?? 0;
    const binary = head.length > 0 && controls / head.length >= MIN_BINARY_SHARE;
    if (text.trim().length === 0) why.push('empty message');
    else if (binary) why.push(`looks like data, not a typed message: ${controls} of ${head.length} characters are control characters`);
    else if (tokens.every((t) => /^\d+$/.test(t) || t.length < 2)) why.push('no words to read (only symbols, emoji or numbers)');
    if (truncated) why.push(`long message: themes read from the first ${MAX_ANALYSED_CHARS} characters`);

    const { language, why: languageWhy } = detectLanguage(tokens);
    if (languageWhy) why.push(languageWhy);

    const command = detectCommand(tokens);
    if (command) why.push(command.why);

    const match: ThemeMatch = binary ? { scores: [], outOfScope: null, corrections: [] } : index.match(tokenize(withoutIdioms.text), language);
    why.push(...match.corrections);
    const candidates = match.scores.filter((s) => s.raw >= MIN_THEME_RAW / 2);
    let theme: string | null = null;
    const top = match.scores[0];
    // A theme needs enough evidence, and some of it from the theme's own vocabulary unless the message is
    // clearly like one of its examples: one shared word with an example is no reason to pick a theme.
    if (top && top.raw >= MIN_THEME_RAW && (top.direct >= MIN_DIRECT_RAW || top.raw >= CLEAR_THEME_RAW)) {
      theme = top.id;
      why.push(...top.reasons);
    } else if (top) {
      why.push(`too little evidence for a theme (best: ${top.id}, ${top.raw.toFixed(2)})`);
    } else if (tokens.length > 0 && !binary) {
      why.push('no word matched the vocabulary of any theme');
    }
    let outOfScope: string | null = null;
    if (match.outOfScope && (!top || match.outOfScope.raw >= top.raw)) {
      outOfScope = match.outOfScope.id;
      why.push(...match.outOfScope.reasons);
      theme = null;
    }
    // A crisis decides the theme to continue with once the person is safe: suicide → psychisch,
    // violence → veiligheid. A medical emergency has no theme of its own; only clear evidence keeps one.
    if (crisis.crisis) {
      const crisisTheme = content.safety.categories.find((c) => c.id === crisis.categories[0])?.theme ?? null;
      if (crisisTheme) {
        theme = crisisTheme;
        why.push(`theme ${crisisTheme} from the crisis category`);
      } else if (theme && (top?.raw ?? 0) < STRONG_THEME_RAW) {
        theme = null;
      }
    }

    const signals = signalDetector.detect(normalizedHead);
    why.push(...signals.why);
    const found = new Set<Signal>(signals.signals);
    // Several problems: two unrelated themes, each clearly named in its own words. Wanting to help is no problem.
    const strong = match.scores.filter((s) => s.direct >= STRONG_THEME_RAW && s.id !== 'helpen' && theme !== 'helpen');
    const unrelated = strong.filter((s, i) => strong.slice(0, i).every((t) => !isRelated(s.id, t.id)));
    if (unrelated.length >= 2) {
      found.add('multi-problem');
      why.push(`several problems at once: ${unrelated.map((s) => s.id).join(', ')}`);
    }
    if (command?.command === 'human') found.add('asks-person');
    if (crisis.crisis) found.add('crisis');
    // The word model: only where no pattern raised a signal, and it can only add one.
    if (found.size === 0 && maatwerkModel && !binary) {
      const reason = maatwerkModel.judge(normalizedHead);
      if (reason) {
        found.add('like-maatwerk');
        why.push(reason);
      }
    }
    const orderedSignals = (['crisis', 'urgent', 'multi-problem', 'severe-limitation', 'network-exhausted', 'asks-person', 'like-maatwerk'] as const).filter((s) =>
      found.has(s),
    );

    const audience = detectAudience(normalizedHead, theme);
    if (audience.why) why.push(`audience ${audience.audience}: ${audience.why}`);

    return {
      text,
      language,
      theme,
      themes: candidates.slice(0, 3).map((s) => ({ id: s.id, score: Math.round(s.score * 100) / 100 })),
      audience: audience.audience,
      crisis: crisis.crisis,
      maatwerk: orderedSignals.length > 0,
      signals: [...orderedSignals],
      command: command?.command ?? null,
      why,
      detail: {
        crisisCategories: crisis.categories,
        commandLanguage: command?.language ?? null,
        outOfScope,
        evidence: match.scores,
        truncated,
      },
    };
  }

  // Warm up at start-up: V8 compiles each regular expression on first use, which would otherwise slow
  // the first messages after a restart. Theme examples exercise every part of the pipeline.
  for (const theme of content.themes.slice(0, 40)) {
    for (const example of [...theme.vocabulary.nl.examples.slice(0, 3), ...theme.vocabulary.en.examples.slice(0, 1)]) understand(example);
  }
  for (const category of content.safety.categories) understand(category.label.nl);

  return { understand };
}

/** The JSON that `keuzehulp understand` and POST /api/understand promise: exactly these keys, in this order. */
export function toContract(u: Understanding): Record<string, unknown> {
  return {
    text: u.text,
    language: u.language,
    theme: u.theme,
    themes: u.themes,
    audience: u.audience,
    crisis: u.crisis,
    maatwerk: u.maatwerk,
    signals: u.signals,
    command: u.command,
    why: u.why,
  };
}
