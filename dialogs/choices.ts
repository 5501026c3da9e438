// Reading a free-text answer as one of the offered choices: ids, numbers, yes/no, "weet ik niet", labels, synonyms.
import { STOPWORDS, normalize, tokenize } from '../src/understanding/normalize.js';
import { editDistance } from '../src/understanding/theme-index.js';

/** The answer that skips a question ("weet ik niet", "sla over"). */
export const SKIP = 'skip';

const YES = ['ja', 'jawel', 'jazeker', 'klopt', 'zeker', 'graag', 'oke', 'ok', 'okay', 'prima', 'goed', 'doe maar', 'is goed', 'yes', 'yeah', 'yep', 'sure', 'please', 'ja graag', 'ja hoor', 'jep', 'jup', 'idd', 'inderdaad'];
const NO = ['nee', 'neen', 'nope', 'niet', 'liever niet', 'nee dank je', 'nee bedankt', 'no', 'no thanks', 'not really', 'nah', 'nooit', 'geen'];
const DONT_KNOW = ['weet ik niet', 'weet niet', 'ik weet het niet', 'geen idee', 'geen flauw idee', 'sla over', 'overslaan', 'skip', 'volgende', 'weet ik nog niet', 'misschien', 'i do not know', 'do not know', 'no idea', 'not sure', 'pass', 'next', 'maybe', 'dunno'];

/** Words that say nothing on their own in a story ("ik heb geen werk" answers no question about debts). */
const WEAK = new Set(['geen', 'niet', 'nee', 'wel', 'meer', 'niks', 'niets', 'none', 'nothing', 'have', 'some', 'very']);

/** Labels and synonyms are few and fixed: normalize each once. */
const normalizedWords = new Map<string, string>();
function normalizedWord(word: string): string {
  let value = normalizedWords.get(word);
  if (value === undefined) {
    value = normalize(word).replace(/\./g, ' ').trim();
    if (normalizedWords.size > 50_000) normalizedWords.clear();
    normalizedWords.set(word, value);
  }
  return value;
}

/** Words that may be typed for a choice id: labels in every language and synonyms. */
export type ChoiceWords = ReadonlyMap<string, ReadonlyArray<string>>;

// "een" is left out on purpose: "een kind", "een beetje" are no choice numbers.
const ORDINALS: Record<string, number> = {
  eerste: 1, first: 1, twee: 2, tweede: 2, second: 2, two: 2, drie: 3, derde: 3, third: 3, three: 3,
  vier: 4, vierde: 4, four: 4, fourth: 4, vijf: 5, vijfde: 5, five: 5, fifth: 5, zes: 6, zesde: 6, six: 6,
};

function isOneOf(text: string, list: ReadonlyArray<string>): boolean {
  return list.some((item) => text === item || text.startsWith(`${item} `));
}

/**
 * The choice a text means, SKIP, or null when it is not clear. `offered` is in display order (for numbers);
 * `words` holds what a person may type for each id.
 */
export function resolveChoice(
  text: string,
  offered: ReadonlyArray<string>,
  words: ChoiceWords,
  options: { labelsOnly?: boolean } = {},
): string | null {
  const normalized = normalize(text).replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
  if (normalized === '' || offered.length === 0) return null;
  if (offered.includes(normalized)) return normalized;
  const tokens = tokenize(normalized);
  if (!options.labelsOnly) {
    // "2", "nr 2", "optie 2", "de tweede"; not "ja 2" or "2 kinderen".
    const number = /^(?:(?:nr|nummer|optie|keuze|antwoord|de|het|number|option)\s+)?(\d+|[a-z]+)$/.exec(normalized);
    if (number) {
      const token = number[1]!;
      const n = /^\d+$/.test(token) ? Number(token) : ORDINALS[token];
      if (n !== undefined && n >= 1 && n <= offered.length) return offered[n - 1]!;
    }
    // "weet ik niet", "geen idee": before labels, so that "geen" in a label does not win.
    if (isOneOf(normalized, DONT_KNOW)) return SKIP;
  }
  // Label and synonym matches: whole phrase first, then a close spelling.
  let best: string | null = null;
  let bestLength = 0;
  for (const id of offered) {
    for (const word of words.get(id) ?? []) {
      const w = normalizedWord(word);
      if (w.length < 2) continue;
      const contains = ` ${normalized} `.includes(` ${w} `);
      const close = tokens.length <= 3 && w.length >= 5 && editDistance(normalized, w, 2) <= (w.length >= 8 ? 2 : 1);
      if ((contains || close) && w.length > bestLength) {
        best = id;
        bestLength = w.length;
      }
    }
  }
  if (best) return best;
  // Most words in common with one label ("nee ik sta er alleen voor" for "Nee, ik sta alleen").
  const overlap = bestOverlap(tokens, offered, words);
  if (overlap) return overlap;
  if (options.labelsOnly) return null;
  // "ja" for "Ja, schulden": the answer is the first word of exactly one label.
  const starting = offered.filter((id) => (words.get(id) ?? []).some((word) => normalizedWord(word).startsWith(`${normalized} `)));
  if (starting.length === 1 && tokens.length <= 2) return starting[0]!;
  const yes = offered.find((id) => id === 'yes' || id === 'ja' || id === 'true');
  const no = offered.find((id) => id === 'no' || id === 'nee' || id === 'false');
  if (yes && isOneOf(normalized, YES)) return yes;
  if (no && isOneOf(normalized, NO)) return no;
  return null;
}

/** The choice whose label shares most of its words with the text, when that is clear (≥ 60 % and unique). */
function bestOverlap(tokens: string[], offered: ReadonlyArray<string>, words: ChoiceWords): string | null {
  const said = new Set(tokens);
  let best: string | null = null;
  let bestScore = 0;
  let tie = false;
  for (const id of offered) {
    for (const word of words.get(id) ?? []) {
      const labelTokens = tokenize(normalizedWord(word));
      if (labelTokens.length < 2) continue;
      const common = labelTokens.filter((t) => said.has(t)).length;
      // Either most of the label was typed, or everything meaningful typed is in the label ("gezin naast gezin").
      const meaningful = [...said].filter((t) => !STOPWORDS.has(t) && t.length >= 3);
      const inLabel = meaningful.filter((t) => labelTokens.includes(t)).length;
      const score = Math.max(common / labelTokens.length, meaningful.length >= 2 ? inLabel / meaningful.length : 0);
      if (score > bestScore) {
        best = id;
        bestScore = score;
        tie = false;
      } else if (score === bestScore && id !== best) tie = true;
    }
  }
  return bestScore >= 0.6 && !tie ? best : null;
}

/** A label that is one distinctive word ("Deurwaarder") counts as a synonym; "Ja, schulden" does not. */
function distinctiveLabels(label: { nl: string; en: string }): string[] {
  return [label.nl, label.en].filter((l) => {
    const tokens = tokenize(normalizedWord(l));
    return tokens.length === 1 && tokens[0]!.length >= 6;
  });
}

/**
 * Answers the person already gave in their story ("de deurwaarder komt" answers "Welke brieven…?"): a question is
 * answered when exactly one of its choices has a synonym in the text. Labels alone ("Ja") are too weak for this.
 */
export function answersInStory(
  story: string,
  questions: ReadonlyArray<{
    id: string;
    choices: ReadonlyArray<{ id: string; label: { nl: string; en: string }; synonyms?: { nl: string[]; en: string[] } | undefined }>;
  }>,
): Record<string, string> {
  const text = ` ${normalize(story).replace(/\./g, ' ').replace(/\s+/g, ' ')} `;
  const found: Record<string, string> = {};
  for (const question of questions) {
    const matching = question.choices.filter((choice) =>
      [...(choice.synonyms?.nl ?? []), ...(choice.synonyms?.en ?? []), ...distinctiveLabels(choice.label)].some((synonym) => {
        const w = normalizedWord(synonym);
        // "niet meer" or "geen" alone say too little to answer a question for the person.
        const synonymTokens = tokenize(w);
        const telling =
          synonymTokens.length >= 3 ||
          synonymTokens.some((t) => t.length >= 4 && !STOPWORDS.has(t)) ||
          (synonymTokens.length === 1 && synonymTokens[0]!.length >= 4 && !WEAK.has(synonymTokens[0]!));
        return telling && text.includes(` ${w} `);
      }),
    );
    if (matching.length === 1) found[question.id] = matching[0]!.id;
  }
  return found;
}
