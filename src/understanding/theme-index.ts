// Theme matching: vocabulary indexes built from the content at start-up, and ranked themes with reasons.
import Fuse from 'fuse.js';
import type { Content } from '../content/types.js';
import type { Language, Vocabulary } from '../content/schema.js';
import { LANGUAGES } from '../content/schema.js';
import { GENERIC_WORDS, STOPWORDS, normalize, tokenize } from './normalize.js';
import { stem } from './stem.js';
import { ThemeModel } from './theme-model.js';
import { readableFeature } from './word-features.js';

/** How much one piece of evidence weighs before it is shared among the themes that use it. */
const WEIGHT = {
  word: 1.0,
  phrase: 1.6,
  phraseExtraWord: 0.3,
  exampleWord: 0.3,
  exampleBigram: 0.7,
  nearestExample: 1.2,
  label: 1.2,
  compoundPart: 0.75,
  corrected: 0.85,
  outOfScope: 2.2,
} as const;

/** Factor for a nearest example that shares only one word with the message. */
const SINGLE_WORD_EXAMPLE = 0.6;

/** A stem is common when more than this share of the examples (and at least COMMON_STEM_MIN of them) use it. */
const COMMON_STEM_SHARE = 0.005;
const COMMON_STEM_MIN = 40;

/** Theme model probabilities under this add no evidence (they only add noise to the scores). */
const MIN_MODEL_PROBABILITY = 0.05;

/** Themes whose evidence is written out as reasons (the rest only get scores). */
const REASONED_THEMES = 3;

/** Unknown words per message that get a typo search. */
const MAX_CORRECTIONS = 24;

/** Inflection endings allowed after a vocabulary word (mantelzorg-er, schuld-en, rekening-etje…). */
const INFLECTIONS = /^(e|en|er|ers|es|s|'s|je|jes|tje|tjes|etje|etjes|de|te|d|t|heid|ing|ingen|lijk|lijke|ig|ige|isch|ische|n)$/;

interface Posting {
  themeId: string;
  weight: number;
}

/** The examples that use one stem (ascending example numbers) and its weight in a dot product (idf squared). */
interface StemPostings {
  examples: Int32Array;
  weight: number;
}

interface Phrase {
  stems: string[];
  text: string;
  themeId: string;
  weight: number;
  /** Place among the phrases with the same first stem: matches are added in this order. */
  order: number;
}

export interface ThemeScore {
  id: string;
  raw: number;
  /** The part of `raw` from the vocabulary itself (words, phrases, compounds), not from example messages. */
  direct: number;
  score: number;
  reasons: string[];
}

export interface ThemeMatch {
  scores: ThemeScore[];
  outOfScope: { id: string; raw: number; reasons: string[] } | null;
  corrections: string[];
}

/** Number of themes a key occurs in, used to share its weight (a word in three themes says little). */
function addShared(target: Map<string, Posting[]>, key: string, themeId: string, weight: number): void {
  let list = target.get(key);
  if (!list) target.set(key, (list = []));
  const existing = list.find((p) => p.themeId === themeId);
  if (existing) existing.weight = Math.max(existing.weight, weight);
  else list.push({ themeId, weight });
}

function share(target: Map<string, Posting[]>): void {
  for (const list of target.values()) {
    const n = list.length;
    if (n > 1) for (const p of list) p.weight = p.weight / Math.pow(n, 0.85);
  }
}

function stems(tokens: string[], language: Language): string[] {
  return tokens.map((t) => stem(t, language));
}

/** Rows of the distance table, reused between calls (grown when a word is longer). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein distance (optimal string alignment), bounded for speed: above `max` it returns max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0]!.length) rows = rows.map(() => new Int32Array(b.length + 1));
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, prev2[j - 2]! + 1);
      cur[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const free = prev2;
    prev2 = prev;
    prev = cur;
    cur = free;
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** A growable list of 32-bit integers: counted pairs are kept as numbers, not as an object each. */
export class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Example postings: per key (a stem or a pair of stems, by number), the themes whose examples use it with a weight.
 * Kept in flat typed arrays outside the JavaScript heap: with hundreds of thousands of keys, an object per posting
 * made every garbage collection walk through gigabytes of heap.
 */
export class Postings {
  /** List n runs from starts[n] to starts[n + 1]; themes in the order their examples first used the key. */
  readonly starts: Int32Array;
  readonly themes: Int32Array;
  /** Example counts while building, then the share of the key's uses per theme. */
  readonly weights: Float64Array;

  /** Group counted (key, theme) uses: one list per key, one posting per theme with the number of uses. */
  constructor(keys: IntList, themes: IntList, keyCount: number, themeCount: number) {
    const perKey = new Int32Array(keyCount + 1);
    for (let r = 0; r < keys.length; r++) perKey[keys.data[r]! + 1]! += 1;
    for (let k = 0; k < keyCount; k++) perKey[k + 1]! += perKey[k]!;
    // Uses sorted by key, in the order they were counted (a stable counting sort).
    const order = new Int32Array(keys.length);
    const fill = perKey.slice(0, keyCount);
    for (let r = 0; r < keys.length; r++) order[fill[keys.data[r]!]!++] = r;
    this.starts = new Int32Array(keyCount + 1);
    const postingThemes = new IntList();
    const counts: number[] = [];
    const slot = new Int32Array(themeCount).fill(-1);
    for (let k = 0; k < keyCount; k++) {
      this.starts[k] = postingThemes.length;
      for (let i = perKey[k]!; i < perKey[k + 1]!; i++) {
        const theme = themes.data[order[i]!]!;
        if (slot[theme] === -1) {
          slot[theme] = postingThemes.length;
          postingThemes.push(theme);
          counts.push(0);
        }
        counts[slot[theme]!]! += 1;
      }
      for (let e = this.starts[k]!; e < postingThemes.length; e++) slot[postingThemes.data[e]!] = -1;
    }
    this.starts[keyCount] = postingThemes.length;
    this.themes = postingThemes.toArray();
    this.weights = Float64Array.from(counts);
  }

  /** Turn counts into the share of the key's uses per theme, smoothed: a word seen once says less. */
  normalize(): void {
    for (let k = 0; k + 1 < this.starts.length; k++) {
      let total = 0;
      for (let e = this.starts[k]!; e < this.starts[k + 1]!; e++) total += this.weights[e]!;
      for (let e = this.starts[k]!; e < this.starts[k + 1]!; e++) this.weights[e] = this.weights[e]! / (total + 1);
    }
  }
}

/** Pairs of stem numbers → pair numbers: an open-addressing hash table in typed arrays (no string per pair). */
export class PairTable {
  private first = new Int32Array(1 << 16).fill(-1);
  private second = new Int32Array(1 << 16);
  private value = new Int32Array(1 << 16);
  size = 0;

  private slot(a: number, b: number): number {
    const mask = this.first.length - 1;
    // Mix both numbers into all bits (murmur3's finaliser): stem numbers are consecutive, and linear probing
    // needs the low bits spread.
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let at = (h ^ (h >>> 16)) & mask;
    while (this.first[at] !== -1 && (this.first[at] !== a || this.second[at] !== b)) at = (at + 1) & mask;
    return at;
  }

  /** The pair's number, or -1. */
  find(a: number, b: number): number {
    const at = this.slot(a, b);
    return this.first[at] === -1 ? -1 : this.value[at]!;
  }

  /** The pair's number, given the next one when the pair is new. */
  intern(a: number, b: number): number {
    let at = this.slot(a, b);
    if (this.first[at] !== -1) return this.value[at]!;
    if ((this.size + 1) * 2 > this.first.length) {
      this.grow();
      at = this.slot(a, b);
    }
    this.first[at] = a;
    this.second[at] = b;
    this.value[at] = this.size;
    return this.size++;
  }

  private grow(): void {
    const { first, second, value } = this;
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.value = new Int32Array(first.length * 2);
    for (let i = 0; i < first.length; i++) {
      if (first[i] === -1) continue;
      const at = this.slot(first[i]!, second[i]!);
      this.first[at] = first[i]!;
      this.second[at] = second[i]!;
      this.value[at] = value[i]!;
    }
  }
}

export class ThemeIndex {
  /** Vocabulary words: exact normalized form → themes. */
  private readonly forms = new Map<string, Posting[]>();
  /** Stems of vocabulary words, per language. */
  private readonly stemIndex: Record<Language, Map<string, Posting[]>> = { nl: new Map(), en: new Map() };
  /** Every stem an example uses (in either language), by number: example evidence is kept per stem number. */
  private readonly stemNumbers = new Map<string, number>();
  /** Pairs of stem numbers that follow each other in an example. */
  private readonly pairs = new PairTable();
  /** Uses of words and pairs in example sentences (weaker evidence), counted while building: key and theme numbers. */
  private exampleUses: Record<Language, Record<'words' | 'bigrams', { keys: IntList; themes: IntList }>> | null = {
    nl: { words: { keys: new IntList(), themes: new IntList() }, bigrams: { keys: new IntList(), themes: new IntList() } },
    en: { words: { keys: new IntList(), themes: new IntList() }, bigrams: { keys: new IntList(), themes: new IntList() } },
  };
  /** The same, grouped per stem and per pair once the index is built (what matching reads). */
  private readonly exampleWords = {} as Record<Language, Postings>;
  private readonly exampleBigrams = {} as Record<Language, Postings>;
  /** Theme ids by number, for the typed arrays below. */
  private readonly themeIds: string[] = [];
  private readonly themeNumbers = new Map<string, number>();
  /** Phrases, indexed by their first stem (while building) and by their first two stems (for matching). */
  private readonly phrases: Record<Language, Map<string, Phrase[]>> = { nl: new Map(), en: new Map() };
  private readonly phrasePairs: Record<Language, Map<string, Phrase[]>> = { nl: new Map(), en: new Map() };
  /** Out-of-scope words and phrases (normalized) → topic id. */
  private readonly outOfScope = new Map<string, string>();
  private readonly outOfScopePhrases: Array<{ words: string[]; id: string; text: string }> = [];
  /** Every token any vocabulary knows: what we do not try to correct. */
  private readonly known = new Set<string>();
  /** Word forms and stems long enough to be compound parts, with the themes they point to. */
  private readonly partForms = new Set<string>();
  private readonly partPostings = new Map<string, Posting[]>();
  /**
   * Vocabulary words per first letter and word length, each with its fuzzy index: a typo search only looks where a
   * match can be, and the words themselves allow a quick check that it can find anything at all.
   */
  private readonly typoBuckets = new Map<string, { words: string[]; fuse: Fuse<string> }>();
  private readonly corrections = new Map<string, string | null>();
  /**
   * Example messages as weighted stem vectors, with an inverted index for nearest-example search. Kept in flat
   * typed arrays (one slot per example, postings as sorted example numbers): with hundreds of thousands of
   * examples, walking arrays of objects costs more than the arithmetic.
   */
  private exampleTheme = new Int32Array(0);
  private exampleNorm = new Float64Array(0);
  private exampleText: string[] = [];
  /** Stems in more examples than this are looked up only in examples that share a rarer stem with the message. */
  private commonStemLimit = 0;
  /** Scratch space for nearest-example search, reused between calls (understand() is synchronous). */
  private overlap = new Float64Array(0);
  private shared = new Uint16Array(0);
  private touched = new Int32Array(0);
  private bestSimilarity = new Float64Array(0);
  private bestExample = new Int32Array(0);
  /** Inverted index of the examples: the examples using stem n are exampleNumbers[exampleStarts[n] … exampleStarts[n + 1]]. */
  private exampleStarts = new Int32Array(1);
  private exampleNumbers = new Int32Array(0);
  private stemWeight = new Float64Array(0);
  /** The theme word model, when the content has one. */
  private readonly model: ThemeModel | null;

  /** Evidence of the message being matched (reused: understand() is synchronous). */
  private readonly evidence: EvidenceTable;

  constructor(content: Content) {
    this.model = content.themeModel ? new ThemeModel(content.themeModel) : null;
    // Every theme that evidence can name has its number before matching starts.
    for (const theme of content.themes) this.themeNumber(theme.id);
    for (const id of this.model?.themeIds ?? []) this.themeNumber(id);
    for (const theme of content.themes) {
      const vocabularies: Array<[Language, Vocabulary]> = [];
      for (const language of LANGUAGES) {
        vocabularies.push([language, theme.vocabulary[language]]);
        for (const sub of theme.subthemes) vocabularies.push([language, sub.vocabulary[language]]);
        // The theme's own label is vocabulary too ("Geldzorgen", "Mantelzorg").
        for (const token of tokenize(normalize(theme.label[language]))) {
          if (!STOPWORDS.has(token)) this.addWord(token, theme.id, language, WEIGHT.label);
        }
        for (const sub of theme.subthemes) {
          for (const token of tokenize(normalize(sub.label[language]))) {
            if (!STOPWORDS.has(token)) this.addWord(token, theme.id, language, WEIGHT.word);
          }
        }
      }
      for (const [language, vocabulary] of vocabularies) {
        for (const word of vocabulary.words) {
          const tokens = tokenize(normalize(word));
          if (tokens.length === 1) this.addWord(tokens[0]!, theme.id, language, WEIGHT.word);
          else if (tokens.length > 1) this.addPhrase(tokens, word, theme.id, language);
        }
        for (const phrase of vocabulary.phrases) {
          const tokens = tokenize(normalize(phrase));
          if (tokens.length === 1) this.addWord(tokens[0]!, theme.id, language, WEIGHT.word);
          else if (tokens.length > 1) this.addPhrase(tokens, phrase, theme.id, language);
        }
        for (const example of vocabulary.examples) this.addExample(example, theme.id, language);
      }
    }
    for (const file of content.examples) {
      for (const language of LANGUAGES) for (const example of file[language]) this.addExample(example, file.theme, language);
    }
    for (const topic of content.gemeente.outOfScope) {
      for (const language of LANGUAGES) {
        for (const word of topic.words[language]) {
          const tokens = tokenize(normalize(word));
          if (tokens.length === 1) this.outOfScope.set(tokens[0]!, topic.id);
          else if (tokens.length > 1) this.outOfScopePhrases.push({ words: tokens, id: topic.id, text: word });
          for (const t of tokens) this.known.add(t);
        }
      }
    }
    share(this.forms);
    share(this.partPostings);
    for (const language of LANGUAGES) {
      share(this.stemIndex[language]);
    }
    this.buildExampleVectors(content);
    for (const language of LANGUAGES) {
      const uses = this.exampleUses![language];
      this.exampleWords[language] = new Postings(uses.words.keys, uses.words.themes, this.stemNumbers.size, this.themeIds.length);
      this.exampleBigrams[language] = new Postings(uses.bigrams.keys, uses.bigrams.themes, this.pairs.size, this.themeIds.length);
    }
    this.exampleUses = null;
    // Before normalizing: counts of example use tell how general a vocabulary word is.
    this.penaliseGeneralWords();
    for (const language of LANGUAGES) {
      this.exampleWords[language].normalize();
      this.exampleBigrams[language].normalize();
    }
    for (const word of STOPWORDS) this.known.add(word);
    const buckets = new Map<string, string[]>();
    for (const word of this.forms.keys()) {
      if (word.length < 4) continue;
      const key = `${word[0]}:${word.length}`;
      const list = buckets.get(key) ?? [];
      list.push(word);
      buckets.set(key, list);
    }
    for (const [key, words] of buckets) {
      const fuse = new Fuse(words, { includeScore: true, threshold: 0.34, ignoreLocation: true, minMatchCharLength: 3, isCaseSensitive: true });
      this.typoBuckets.set(key, { words, fuse });
    }
    for (const language of LANGUAGES) this.phrases[language].clear();
    this.evidence = new EvidenceTable(this.themeIds.length);
  }

  private themeNumber(id: string): number {
    let n = this.themeNumbers.get(id);
    if (n === undefined) {
      n = this.themeIds.length;
      this.themeNumbers.set(id, n);
      this.themeIds.push(id);
    }
    return n;
  }

  private addWord(token: string, themeId: string, language: Language, weight: number): void {
    addShared(this.forms, token, themeId, weight);
    const tokenStem = stem(token, language);
    addShared(this.stemIndex[language], tokenStem, themeId, weight);
    this.known.add(token);
    if (token.length >= 4) {
      this.partForms.add(token);
      addShared(this.partPostings, token, themeId, weight);
    }
    // "opvoed" (from opvoeding) is a part of "opvoedhulp" and "opvoedpunt".
    if (tokenStem.length >= 5 && tokenStem !== token) {
      this.partForms.add(tokenStem);
      addShared(this.partPostings, tokenStem, themeId, weight);
    }
  }

  private addPhrase(tokens: string[], text: string, themeId: string, language: Language): void {
    const phraseStems = stems(tokens, language);
    const content = tokens.filter((t) => !STOPWORDS.has(t)).length;
    const weight = WEIGHT.phrase + WEIGHT.phraseExtraWord * Math.max(0, content - 1);
    const first = phraseStems[0]!;
    let list = this.phrases[language].get(first);
    if (!list) this.phrases[language].set(first, (list = []));
    if (!list.some((p) => p.themeId === themeId && p.stems.join(' ') === phraseStems.join(' '))) {
      const phrase = { stems: phraseStems, text, themeId, weight, order: list.length };
      list.push(phrase);
      // A phrase's second word follows its first directly or after one extra word: looking phrases up by their
      // first two stems skips the many phrases that share a common first word ("ik", "geen") but cannot match.
      const key = `${phraseStems[0]} ${phraseStems[1]}`;
      let pairs = this.phrasePairs[language].get(key);
      if (!pairs) this.phrasePairs[language].set(key, (pairs = []));
      pairs.push(phrase);
    }
    for (const t of tokens) this.known.add(t);
  }

  /** Tokens of each example, read once at start-up for both uses (word counts and nearest-example vectors). */
  private exampleTokens: Map<string, string[]> | null = new Map();

  private tokensOfExample(example: string): string[] {
    let tokens = this.exampleTokens!.get(example);
    if (!tokens) this.exampleTokens!.set(example, (tokens = tokenize(normalize(example))));
    return tokens;
  }

  /** The number of a stem that examples use, given the next one when it is new. */
  private stemNumber(key: string): number {
    let n = this.stemNumbers.get(key);
    if (n === undefined) this.stemNumbers.set(key, (n = this.stemNumbers.size));
    return n;
  }

  private addExample(example: string, themeId: string, language: Language): void {
    const tokens = this.tokensOfExample(example);
    for (const t of tokens) this.known.add(t);
    const content = tokens.filter((t) => !STOPWORDS.has(t) && !GENERIC_WORDS.has(t) && t.length >= 3 && !/^\d+$/.test(t));
    const numbers = stems(content, language).map((s) => this.stemNumber(s));
    const theme = this.themeNumber(themeId);
    const uses = this.exampleUses![language];
    for (const n of new Set(numbers)) {
      uses.words.keys.push(n);
      uses.words.themes.push(theme);
    }
    for (let i = 0; i + 1 < numbers.length; i++) {
      uses.bigrams.keys.push(this.pairs.intern(numbers[i]!, numbers[i + 1]!));
      uses.bigrams.themes.push(theme);
    }
  }

  /**
   * Vocabulary words that other themes' examples use as much as their own are less telling ("dochter",
   * "buurt"); words a theme's own examples use most keep their weight ("werk" in werk-dagbesteding).
   */
  private penaliseGeneralWords(): void {
    for (const language of LANGUAGES) {
      for (const [key, postings] of this.stemIndex[language]) {
        for (const p of postings) p.weight *= this.generalityOfStem(key, language, p.themeId);
      }
    }
    for (const [form, postings] of this.forms) {
      for (const p of postings) {
        p.weight *= Math.min(...LANGUAGES.map((language) => this.generalityOfStem(stem(form, language), language, p.themeId)));
      }
    }
  }

  /** Weight factor in (0, 1] for a stem of a theme: how much more its own examples use it than others do. */
  private generalityOfStem(key: string, language: Language, themeId: string): number {
    let own = 0;
    let other = 0;
    const n = this.stemNumbers.get(key);
    if (n !== undefined) {
      const { starts, themes, weights } = this.exampleWords[language];
      const theme = this.themeNumbers.get(themeId);
      for (let e = starts[n]!; e < starts[n + 1]!; e++) {
        if (themes[e] === theme) own = weights[e]!;
        else other += weights[e]!;
      }
    }
    return (own + 1) / (own + 1 + 0.6 * other);
  }

  /** Fix a likely typo against the vocabulary ("schuldn" → "schulden"), or null. */
  correct(token: string): string | null {
    if (token.length < 5 || this.known.has(token) || /\d/.test(token)) return null;
    const cached = this.corrections.get(token);
    if (cached !== undefined) return cached;
    const maxDistance = token.length >= 9 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = maxDistance + 1;
    // Most unknown words are no typo of any vocabulary word. A plain bounded distance over the candidate words
    // says so much faster than the fuzzy search, whose best matches are checked with the same distance below.
    if (!this.anyWithin(token, maxDistance)) {
      this.remember(token, null);
      return null;
    }
    // People rarely mistype the first letter ("gestolen" is no typo of "bestolen"), and a typo changes
    // the length by at most the edit distance.
    const results = [];
    for (let length = token.length - maxDistance; length <= token.length + maxDistance; length++) {
      const bucket = this.typoBuckets.get(`${token[0]}:${length}`);
      if (bucket) results.push(...bucket.fuse.search(token, { limit: 6 }));
    }
    for (const result of results) {
      const candidate = result.item;
      const distance = editDistance(token, candidate, maxDistance);
      if (distance < bestDistance || (distance === bestDistance && best !== null && candidate.length < best.length)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    const value = bestDistance <= maxDistance ? best : null;
    this.remember(token, value);
    return value;
  }

  private remember(token: string, correction: string | null): void {
    if (this.corrections.size > 20_000) this.corrections.clear();
    this.corrections.set(token, correction);
  }

  /** Whether a vocabulary word in the buckets a typo search looks in is within `maxDistance` edits of the token. */
  private anyWithin(token: string, maxDistance: number): boolean {
    for (let length = token.length - maxDistance; length <= token.length + maxDistance; length++) {
      for (const word of this.typoBuckets.get(`${token[0]}:${length}`)?.words ?? []) {
        if (editDistance(token, word, maxDistance) <= maxDistance) return true;
      }
    }
    return false;
  }

  /** "bewonersparkeervergunning" ends in "parkeervergunning": an out-of-scope compound. */
  private outOfScopeCompound(token: string): string | undefined {
    if (token.length < 10) return undefined;
    for (let i = 3; i <= token.length - 6; i++) {
      const id = this.outOfScope.get(token.slice(i));
      if (id) return id;
    }
    return undefined;
  }

  /** Vocabulary words inside a long unknown word ("schuldhulpverlening" → "schuld", "hulpverlening"). */
  compoundParts(token: string): string[] {
    if (token.length < 7) return [];
    const parts: string[] = [];
    for (let i = 4; i <= token.length - 3; i++) {
      const head = token.slice(0, i);
      if (this.partForms.has(head)) parts.push(head);
      const tail = token.slice(i);
      // Tails of 4 letters ("huis" in "stadhuis") are too often another word's ending.
      // The tail is the head of a Dutch compound; trying every split also skips linking sounds
      // (vrijwilliger-s-werk, kind-er-opvang).
      if (tail.length >= 5 && this.partForms.has(tail)) parts.push(tail);
    }
    return [...new Set(parts)];
  }

  /** Content stems of a text for nearest-example search: Dutch stems, function words left out. */
  private vectorStems(tokens: string[]): string[] {
    const content = tokens.filter((t) => !STOPWORDS.has(t) && !GENERIC_WORDS.has(t) && t.length >= 3 && !/^\d+$/.test(t));
    return [...new Set(content.map((t) => stem(t, 'nl')))];
  }

  private buildExampleVectors(content: Content): void {
    // Each example message with at least one content stem is a document: its stem numbers, theme and text.
    const docStems = new IntList();
    const docEnds: number[] = [];
    const docThemes: number[] = [];
    const addDoc = (themeId: string, example: string) => {
      const stemsOfExample = this.vectorStems(this.tokensOfExample(example));
      if (stemsOfExample.length === 0) return;
      for (const s of stemsOfExample) docStems.push(this.stemNumber(s));
      docEnds.push(docStems.length);
      docThemes.push(this.themeNumber(themeId));
      this.exampleText.push(example);
    };
    for (const theme of content.themes) {
      for (const language of LANGUAGES) for (const example of theme.vocabulary[language].examples) addDoc(theme.id, example);
    }
    for (const file of content.examples) {
      for (const language of LANGUAGES) for (const example of file[language]) addDoc(file.theme, example);
    }
    const docCount = docEnds.length;
    const stemCount = this.stemNumbers.size;
    // Postings per stem: the examples that use it, in ascending order (a counting sort by stem).
    const starts = new Int32Array(stemCount + 1);
    for (let k = 0; k < docStems.length; k++) starts[docStems.data[k]! + 1]! += 1;
    for (let n = 0; n < stemCount; n++) starts[n + 1]! += starts[n]!;
    const examples = new Int32Array(docStems.length);
    const fill = starts.slice(0, stemCount);
    const idf = new Float64Array(stemCount);
    for (let n = 0; n < stemCount; n++) {
      const uses = starts[n + 1]! - starts[n]!;
      if (uses > 0) idf[n] = Math.log(1 + docCount / uses);
    }
    this.exampleTheme = Int32Array.from(docThemes);
    this.exampleNorm = new Float64Array(docCount);
    let k = 0;
    for (let index = 0; index < docCount; index++) {
      let norm = 0;
      for (; k < docEnds[index]!; k++) {
        const n = docStems.data[k]!;
        const w = idf[n]!;
        norm += w * w;
        examples[fill[n]!++] = index;
      }
      this.exampleNorm[index] = Math.sqrt(norm);
    }
    this.exampleTokens = null; // only needed while building
    this.exampleStarts = starts;
    this.exampleNumbers = examples;
    this.stemWeight = idf.map((w) => w * w);
    this.commonStemLimit = Math.max(COMMON_STEM_MIN, Math.floor(docCount * COMMON_STEM_SHARE));
    this.overlap = new Float64Array(docCount);
    this.shared = new Uint16Array(docCount);
    this.touched = new Int32Array(docCount);
    this.bestSimilarity = new Float64Array(this.themeIds.length);
    this.bestExample = new Int32Array(this.themeIds.length).fill(-1);
  }

  /** The examples that use a stem and its weight in a dot product (idf squared), or undefined when none does. */
  private examplesWithStem(key: string): StemPostings | undefined {
    const n = this.stemNumbers.get(key);
    if (n === undefined) return undefined;
    const start = this.exampleStarts[n]!;
    const end = this.exampleStarts[n + 1]!;
    return start === end ? undefined : { examples: this.exampleNumbers.subarray(start, end), weight: this.stemWeight[n]! };
  }

  /**
   * Best cosine similarity to an example message, per theme. Rare stems are looked up in the inverted index;
   * common stems ("moeder", "kind") only add to examples already found through a rarer stem, so a large library
   * stays fast. A message of common words only is looked up in full.
   */
  nearestExamples(tokens: string[]): Map<string, { similarity: number; text: string }> {
    const best = new Map<string, { similarity: number; text: string }>();
    this.eachNearest(tokens, (theme, similarity, example) => {
      best.set(this.themeIds[theme]!, { similarity, text: this.exampleText[example]! });
    });
    return best;
  }

  /** The best example per theme (see nearestExamples), as theme and example numbers: nothing to allocate per theme. */
  private eachNearest(tokens: string[], found: (theme: number, similarity: number, example: number) => void): void {
    const query = this.vectorStems(tokens);
    let queryNorm = 0;
    const rare: StemPostings[] = [];
    const common: StemPostings[] = [];
    for (const s of query) {
      const entry = this.examplesWithStem(s);
      // Words no example has still count in the query's length: a long story matches each single example less.
      if (entry === undefined) {
        queryNorm += Math.log(1 + this.exampleText.length);
        continue;
      }
      queryNorm += entry.weight;
      if (entry.examples.length > this.commonStemLimit) common.push(entry);
      else rare.push(entry);
    }
    if (queryNorm === 0) return;
    const { overlap, shared, touched } = this;
    let touchedCount = 0;
    const visit = (entry: StemPostings) => {
      const { examples, weight } = entry;
      for (let k = 0; k < examples.length; k++) {
        const example = examples[k]!;
        if (shared[example] === 0) touched[touchedCount++] = example;
        overlap[example]! += weight;
        shared[example]! += 1;
      }
    };
    if (rare.length === 0) common.forEach(visit);
    else {
      rare.forEach(visit);
      for (const { examples, weight } of common) {
        if (touchedCount * Math.log2(examples.length + 1) < examples.length) {
          // Few examples found through rare stems: look each one up in the postings (sorted by example), instead
          // of walking a long list of common-word postings. The sums are the same, in the same order.
          for (let k = 0; k < touchedCount; k++) {
            const index = touched[k]!;
            if (ThemeIndex.hasExample(examples, index)) {
              overlap[index]! += weight;
              shared[index]! += 1;
            }
          }
          continue;
        }
        // A walk over the postings with an array lookup: cheap, and no word set per example to keep in memory.
        for (let k = 0; k < examples.length; k++) {
          const example = examples[k]!;
          if (shared[example]! > 0) {
            overlap[example]! += weight;
            shared[example]! += 1;
          }
        }
      }
    }
    // The best example per theme, themes in the order they were first met.
    const { exampleTheme, exampleNorm, bestSimilarity, bestExample } = this;
    const themesMet: number[] = [];
    const length = Math.sqrt(queryNorm);
    for (let k = 0; k < touchedCount; k++) {
      const index = touched[k]!;
      // One shared word makes a short example look identical ("hulp in huis" and "ik moet het huis uit"):
      // the words themselves already count as evidence, so such a match counts for less.
      const factor = shared[index]! >= 2 ? 1 : SINGLE_WORD_EXAMPLE;
      const similarity = (overlap[index]! / (length * exampleNorm[index]!)) * factor;
      overlap[index] = 0;
      shared[index] = 0;
      const theme = exampleTheme[index]!;
      if (bestExample[theme] === -1) {
        themesMet.push(theme);
        bestExample[theme] = index;
        bestSimilarity[theme] = similarity;
      } else if (similarity > bestSimilarity[theme]!) {
        bestExample[theme] = index;
        bestSimilarity[theme] = similarity;
      }
    }
    for (const theme of themesMet) {
      const example = bestExample[theme]!;
      bestExample[theme] = -1;
      found(theme, bestSimilarity[theme]!, example);
    }
  }

  /** Whether sorted example numbers hold `example` (binary search). */
  private static hasExample(examples: Int32Array, example: number): boolean {
    let lo = 0;
    let hi = examples.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = examples[mid]!;
      if (at === example) return true;
      if (at < example) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Ranked themes for the tokens of a normalized message. */
  match(rawTokens: string[], language: Language): ThemeMatch {
    const corrections: string[] = [];
    let attempts = 0;
    const tokens = rawTokens.map((token) => {
      // Typo search is the costly step: a long story gets it for its first words only.
      if (attempts >= MAX_CORRECTIONS || token.length < 5 || this.known.has(token)) return token;
      attempts++;
      const fixed = this.correct(token);
      if (fixed && fixed !== token) {
        corrections.push(`read '${token}' as '${fixed}'`);
        return fixed;
      }
      return token;
    });
    // Reasons are written out only for the best themes: building a sentence for every posting of every word
    // costs more than the matching itself when the content is large.
    const table = this.evidence;
    table.reset();
    const add = (key: string, postings: Posting[] | undefined, factor: number, reason: (themeId: string) => string) => {
      if (!postings) return;
      for (const p of postings) table.add(key, this.themeNumbers.get(p.themeId)!, p.weight * factor, reason);
    };
    const addPacked = (key: string, postings: Postings, list: number, factor: number, reason: (themeId: string) => string) => {
      if (list < 0) return;
      const { starts, themes, weights } = postings;
      for (let k = starts[list]!; k < starts[list + 1]!; k++) table.add(key, themes[k]!, weights[k]! * factor, reason);
    };
    const otherLanguage: Language = language === 'nl' ? 'en' : 'nl';
    const languages: Language[] = [language, otherLanguage];
    const tokenStems: Record<Language, string[]> = { nl: stems(tokens, 'nl'), en: stems(tokens, 'en') };

    tokens.forEach((token, i) => {
      if (STOPWORDS.has(token)) return;
      const factor = token === rawTokens[i] ? 1 : WEIGHT.corrected;
      let found = false;
      const formPostings = this.forms.get(token);
      if (formPostings) {
        found = true;
        // Keyed by stem: the exact form and its stem are one piece of evidence, not two.
        add(`w:${tokenStems[language][i]}`, formPostings, factor, (id) => `matched '${token}' in ${id} vocabulary`);
      }
      for (const l of languages) {
        const s = tokenStems[l][i]!;
        const postings = this.stemIndex[l].get(s);
        if (postings) {
          found = true;
          add(`w:${tokenStems[language][i]}`, postings, factor * (l === language ? 1 : 0.9), (id) => `matched '${token}' (stem '${s}') in ${id} vocabulary`);
        }
        addPacked(`e:${s}`, this.exampleWords[l], this.stemNumbers.get(s) ?? -1, WEIGHT.exampleWord * factor, (id) => `'${token}' occurs in ${id} examples`);
      }
      if (!found) {
        for (const part of this.compoundParts(token)) {
          const rest = token.startsWith(part) ? token.slice(part.length) : token.slice(0, token.length - part.length);
          const isInflection = token.startsWith(part) && INFLECTIONS.test(rest);
          const weight = isInflection ? 0.95 : WEIGHT.compoundPart;
          add(`w:${part}`, this.partPostings.get(part), weight, (id) =>
            isInflection ? `matched '${token}' as a form of '${part}' in ${id} vocabulary` : `compound '${token}' contains '${part}' (${id})`,
          );
        }
      }
    });

    // Bigrams of content words, as in the examples.
    for (const l of languages) {
      const content: string[] = [];
      tokens.forEach((t, i) => {
        if (!STOPWORDS.has(t) && !GENERIC_WORDS.has(t) && t.length >= 3) content.push(tokenStems[l][i]!);
      });
      for (let i = 0; i + 1 < content.length; i++) {
        const key = `${content[i]} ${content[i + 1]}`;
        const first = this.stemNumbers.get(content[i]!);
        const second = this.stemNumbers.get(content[i + 1]!);
        const pair = first === undefined || second === undefined ? -1 : this.pairs.find(first, second);
        addPacked(`b:${key}`, this.exampleBigrams[l], pair, WEIGHT.exampleBigram, (id) => `'${key}' occurs in ${id} examples`);
      }
      // Phrases: in order, at most one extra word between their words.
      const seq = tokenStems[l];
      const pairs = this.phrasePairs[l];
      seq.forEach((first, start) => {
        if (start + 1 >= seq.length) return;
        const next = pairs.get(`${first} ${seq[start + 1]}`);
        const afterOne = start + 2 < seq.length && seq[start + 2] !== seq[start + 1] ? pairs.get(`${first} ${seq[start + 2]}`) : undefined;
        for (const phrase of mergeByOrder(next, afterOne)) {
          if (matchesAt(seq, start, phrase.stems)) {
            table.add(`p:${phrase.text}`, this.themeNumbers.get(phrase.themeId)!, phrase.weight, (id) => `matched phrase '${phrase.text}' (${id})`);
          }
        }
      });
    }

    // The example message most like this one, per theme.
    this.eachNearest(tokens, (theme, similarity, example) => {
      if (similarity < 0.2) return;
      table.add('k:nearest', theme, WEIGHT.nearestExample * similarity, (themeId) =>
        `like the ${themeId} example '${this.exampleText[example]!.slice(0, 60)}' (${similarity.toFixed(2)})`,
      );
    });

    // What the labelled messages as a whole say: the theme word model's probability, as one more piece of evidence.
    if (this.model && this.model.weight > 0) {
      for (const { id, probability, top } of this.model.classify(rawTokens)) {
        if (probability < MIN_MODEL_PROBABILITY) continue;
        table.add('m:model', this.themeNumbers.get(id)!, this.model.weight * probability, () =>
          `the theme model gives ${id} ${probability.toFixed(2)}${top.length > 0 ? ` (${top.map(readableFeature).join(', ')})` : ''}`,
        );
      }
    }

    const scores = table.scores(this.themeIds, REASONED_THEMES);

    // Out of scope: passport, parking, waste…
    const oos = new Map<string, { raw: number; reasons: string[] }>();
    const addOos = (id: string, what: string) => {
      const entry = oos.get(id) ?? { raw: 0, reasons: [] };
      entry.raw += WEIGHT.outOfScope;
      entry.reasons.push(`'${what}' is not a social-domain question (${id})`);
      oos.set(id, entry);
    };
    for (const token of new Set(tokens)) {
      const id = this.outOfScope.get(token) ?? this.outOfScopeCompound(token);
      if (id) addOos(id, token);
    }
    const joined = ` ${tokens.join(' ')} `;
    for (const phrase of this.outOfScopePhrases) {
      if (joined.includes(` ${phrase.words.join(' ')} `)) addOos(phrase.id, phrase.text);
    }
    let outOfScope: ThemeMatch['outOfScope'] = null;
    for (const [id, entry] of oos) if (!outOfScope || entry.raw > outOfScope.raw) outOfScope = { id, ...entry };
    return { scores, outOfScope, corrections };
  }
}

/**
 * The evidence for one message: per theme, each key (a word's stem, a phrase, a pair of words, the nearest example,
 * the model) counts once, with its highest weight, and a theme's evidence is summed in the order its keys came.
 * Flat arrays reused from message to message: with many themes a message adds tens of thousands of entries, and an
 * object and map entry for each (about 300 KB a message with 200 themes) kept the garbage collector busy.
 */
class EvidenceTable {
  private readonly keys = new Map<string, number>();
  private keyDirect = new Uint8Array(64);
  /** Entry number + 1 per key and theme (key * themes + theme); 0 when there is none. */
  private entryAt: Int32Array;
  private weight = new Float64Array(256);
  private reason: Array<(themeId: string) => string> = [];
  private key = new Int32Array(256);
  private theme = new Int32Array(256);
  /** The next entry of the same theme, in the order the keys came; -1 at the end. */
  private next = new Int32Array(256);
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private readonly themesMet: number[] = [];
  private count = 0;

  constructor(private readonly themeCount: number) {
    this.entryAt = new Int32Array(64 * themeCount);
    this.first = new Int32Array(themeCount).fill(-1);
    this.last = new Int32Array(themeCount).fill(-1);
  }

  reset(): void {
    for (let e = 0; e < this.count; e++) this.entryAt[this.key[e]! * this.themeCount + this.theme[e]!] = 0;
    for (const theme of this.themesMet) this.first[theme] = -1;
    this.themesMet.length = 0;
    this.keys.clear();
    this.count = 0;
  }

  add(key: string, theme: number, weight: number, reason: (themeId: string) => string): void {
    let keyNumber = this.keys.get(key);
    if (keyNumber === undefined) {
      keyNumber = this.keys.size;
      this.keys.set(key, keyNumber);
      if (keyNumber >= this.keyDirect.length) this.growKeys();
      this.keyDirect[keyNumber] = key.startsWith('w:') || key.startsWith('p:') ? 1 : 0;
    }
    const cell = keyNumber * this.themeCount + theme;
    const existing = this.entryAt[cell]! - 1;
    if (existing >= 0) {
      if (this.weight[existing]! < weight) {
        this.weight[existing] = weight;
        this.reason[existing] = reason;
      }
      return;
    }
    if (this.count === this.weight.length) this.growEntries();
    const entry = this.count++;
    this.entryAt[cell] = entry + 1;
    this.weight[entry] = weight;
    this.reason[entry] = reason;
    this.key[entry] = keyNumber;
    this.theme[entry] = theme;
    this.next[entry] = -1;
    if (this.first[theme] === -1) {
      this.first[theme] = entry;
      this.themesMet.push(theme);
    } else this.next[this.last[theme]!] = entry;
    this.last[theme] = entry;
  }

  /** Scores of every theme with evidence, best first; reasons written out for the best `reasoned`. */
  scores(themeIds: readonly string[], reasoned: number): ThemeScore[] {
    const met = this.themesMet;
    const scores: ThemeScore[] = [];
    for (const theme of met) {
      let raw = 0;
      let direct = 0;
      for (let e = this.first[theme]!; e !== -1; e = this.next[e]!) {
        raw += this.weight[e]!;
        if (this.keyDirect[this.key[e]!] === 1) direct += this.weight[e]!;
      }
      scores.push({ id: themeIds[theme]!, raw, direct, score: raw / (raw + 1), reasons: [] });
    }
    const order = met.map((_, i) => i);
    order.sort((a, b) => scores[b]!.raw - scores[a]!.raw || scores[a]!.id.localeCompare(scores[b]!.id));
    for (const i of order.slice(0, reasoned)) {
      const entries: number[] = [];
      for (let e = this.first[met[i]!]!; e !== -1; e = this.next[e]!) entries.push(e);
      entries.sort((a, b) => this.weight[b]! - this.weight[a]!);
      const score = scores[i]!;
      score.reasons = entries.slice(0, 4).map((e) => this.reason[e]!(score.id));
    }
    return order.map((i) => scores[i]!);
  }

  private growKeys(): void {
    const keyDirect = new Uint8Array(this.keyDirect.length * 2);
    keyDirect.set(this.keyDirect);
    this.keyDirect = keyDirect;
    const entryAt = new Int32Array(keyDirect.length * this.themeCount);
    entryAt.set(this.entryAt);
    this.entryAt = entryAt;
  }

  private growEntries(): void {
    const size = this.weight.length * 2;
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(old);
      return bigger;
    };
    this.weight = grow(this.weight, (n) => new Float64Array(n));
    this.key = grow(this.key, (n) => new Int32Array(n));
    this.theme = grow(this.theme, (n) => new Int32Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n));
  }
}

/** Two lists of phrases with the same first stem, in their order among all phrases with that stem. */
function mergeByOrder(a: Phrase[] | undefined, b: Phrase[] | undefined): Phrase[] {
  if (!a) return b ?? [];
  if (!b) return a;
  const merged: Phrase[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.order < b[j]!.order)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

function matchesAt(seq: string[], start: number, phrase: string[]): boolean {
  let pos = start;
  for (let k = 0; k < phrase.length; k++) {
    if (k === 0) {
      if (seq[pos] !== phrase[0]) return false;
      continue;
    }
    if (seq[pos + 1] === phrase[k]) pos += 1;
    else if (seq[pos + 2] === phrase[k]) pos += 2;
    else return false;
  }
  return true;
}
