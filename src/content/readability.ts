// Dutch readability: syllables, sentences, Flesch-Douma, and the B1 warnings `content check` prints.
// No Dutch readability package exists on npm, so this is written here; see test/readability.test.ts.

/** Vowel clusters pronounced as one syllable in Dutch, longest first. */
const ONE_SYLLABLE_CLUSTERS = ['aai', 'ooi', 'oei', 'eeu', 'ieu', 'aa', 'ee', 'oo', 'uu', 'ie', 'oe', 'eu', 'ui', 'ei', 'ij', 'ou', 'au', 'ey', 'oy', 'ay'];
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
/** Accented vowels that start a new syllable (ë in financiële, ï in ruïne) or stress one (é). */
const DIAERESIS = /[\u00eb\u00ef\u00fc\u00f6\u00e4]/;

/** Number of syllables in one Dutch word (by vowel clusters; good enough for readability scores). */
export function countSyllables(word: string): number {
  const lower = word.toLowerCase().replace(/[^a-z\u00e0-\u00ff]/g, '');
  if (lower.length === 0) return 0;
  let count = 0;
  let i = 0;
  while (i < lower.length) {
    const ch = lower[i]!;
    const base = ch.normalize('NFD')[0]!;
    if (!VOWELS.has(base)) {
      i++;
      continue;
    }
    if (DIAERESIS.test(ch)) {
      count++;
      i++;
      continue;
    }
    // Take the longest one-syllable cluster starting here (on unaccented letters).
    const rest = lower.slice(i).normalize('NFD').replace(/\p{M}/gu, '');
    const cluster = ONE_SYLLABLE_CLUSTERS.find((c) => rest.startsWith(c) && !DIAERESIS.test(lower.slice(i, i + c.length)));
    count++;
    i += cluster ? cluster.length : 1;
  }
  // "y" as a consonant at the start (yoga) and vowel-less words still have one syllable.
  return Math.max(1, count);
}

export interface TextStats {
  sentences: number;
  words: number;
  syllables: number;
  longWords: string[];
  longestSentence: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Split into sentences on . ! ? and line breaks, leaving times (9.00), amounts (€ 3,50) and abbreviations alone. */
export function splitSentences(text: string): string[] {
  return text
    .replace(/https?:\/\/\S+|\S+@\S+\.\S+/g, 'link')
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export function textStats(text: string): TextStats {
  const sentences = splitSentences(text);
  let words = 0;
  let syllables = 0;
  let longestSentence = 0;
  const longWords: string[] = [];
  for (const sentence of sentences) {
    const tokens = sentence.match(WORD) ?? [];
    longestSentence = Math.max(longestSentence, tokens.length);
    for (const token of tokens) {
      words++;
      if (/^\p{N}/u.test(token)) {
        syllables += 1; // a number or phone number reads as one unit
        continue;
      }
      const n = countSyllables(token);
      syllables += n;
      if (n >= 5) longWords.push(token);
    }
  }
  return { sentences: sentences.length, words, syllables, longWords, longestSentence };
}

/** Below this many words a Flesch-Douma score says nothing; we give none. */
export const MIN_WORDS_FOR_SCORE = 30;

/**
 * Flesch-Douma reading ease (Douma 1960): 206.835 − 0.93 × words/sentence − 77 × syllables/word.
 * Returns null for texts too short to score.
 */
export function fleschDouma(stats: TextStats): number | null {
  if (stats.words < MIN_WORDS_FOR_SCORE || stats.sentences === 0) return null;
  return 206.835 - 0.93 * (stats.words / stats.sentences) - 77 * (stats.syllables / stats.words);
}

/** Flesch-Douma at or above this reads as "fairly easy": our working line for B1. */
export const B1_MIN_SCORE = 60;
export const MAX_SENTENCE_WORDS = 15;

/** Words CONTENT.md tells us to avoid, with a plainer way to say them. */
export const HARD_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\baanvraagprocedure/i, 'zeg wat iemand moet doen: "Je vraagt het aan bij…"'],
  [/\bvoorliggende voorziening/i, 'noem wat er eerst is, in gewone woorden'],
  [/\bzorgvuldig onderzoek/i, 'zeg wat er gebeurt: "We praten met je over…"'],
  [/\bindicatie\b/i, 'zeg "besluit" of wat er gebeurt'],
  [/\bu\b|\buw\b/, 'gebruik "je" en "jouw"'],
  [/\ber (kan|wordt|worden) .* (opgenomen|genomen|verstrekt)\b/i, 'schrijf actief: "Je kunt…"'],
  [/\bten behoeve van|\bteneinde|\bdienaangaande|\bvoornoemde/i, 'gebruik gewone woorden'],
];

export interface ReadabilityFinding {
  text: string;
  message: string;
}

/** Warnings for one Dutch text a person reads. */
export function checkDutchText(text: string): ReadabilityFinding[] {
  const findings: ReadabilityFinding[] = [];
  for (const sentence of splitSentences(text)) {
    const words = (sentence.match(WORD) ?? []).length;
    if (words > MAX_SENTENCE_WORDS) {
      findings.push({ text: sentence, message: `sentence of ${words} words (B1: at most ${MAX_SENTENCE_WORDS})` });
    }
  }
  for (const [pattern, advice] of HARD_WORDS) {
    const match = pattern.exec(text);
    if (match) findings.push({ text: match[0], message: `hard for B1 readers: ${advice}` });
  }
  return findings;
}
