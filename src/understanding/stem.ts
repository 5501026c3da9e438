// Dutch and English stemming (Snowball), cached: the same few thousand words recur in every message.
import { newStemmer, type Stemmer } from 'snowball-stemmers';
import type { Language } from '../content/schema.js';

const MAX_CACHE = 200_000;

class CachedStemmer {
  private readonly cache = new Map<string, string>();
  constructor(private readonly stemmer: Stemmer) {}

  stem(word: string): string {
    let stem = this.cache.get(word);
    if (stem === undefined) {
      stem = this.stemmer.stem(word);
      if (this.cache.size >= MAX_CACHE) {
        // Forget the oldest tenth (a Map keeps insertion order) rather than everything at once.
        let drop = MAX_CACHE / 10;
        for (const key of this.cache.keys()) {
          this.cache.delete(key);
          if (--drop <= 0) break;
        }
      }
      this.cache.set(word, stem);
    }
    return stem;
  }
}

const stemmers: Record<Language, CachedStemmer> = {
  nl: new CachedStemmer(newStemmer('dutch')),
  en: new CachedStemmer(newStemmer('english')),
};

export function stem(word: string, language: Language): string {
  return stemmers[language].stem(word);
}
