// The typo-tolerant second reading of the crisis detector: which tokens it corrects, and what that changes.
import { describe, expect, it } from 'vitest';
import { CrisisSpelling, knownWords, patternWords } from '../src/understanding/spelling.js';
import { bundledContent, testSafety, understander } from './helpers.js';

describe('CrisisSpelling on a word list of its own', () => {
  const realWords = new Set(['slaap', 'doos', 'cooking']);
  const spelling = new CrisisSpelling(new Set(['ademt', 'ophangen', 'paracetamol', 'wil', 'heel', 'zolder', 'slaat', 'choking']), {
    isWord: (w) => realWords.has(w),
  });

  it.each([
    ['ademd', 'ademt', 'd for t at the end'],
    ['slaad', 'slaat', 'd for t at the end'],
    ['ophange', 'ophangen', 'a dropped final n'],
    ['heeel', 'heel', 'a letter typed three times'],
    ['will', 'wil', 'a doubled letter'],
    ['paraceatmol', 'paracetamol', 'two letters swapped'],
    ['paracetmol', 'paracetamol', 'a letter left out'],
    ['paracetamoll', 'paracetamol', 'a letter too many'],
    ['paracetamil', 'paracetamol', 'a wrong letter'],
    ['zoldr', 'zolder', 'a letter left out of a five-letter word'],
  ])('reads %s as %s (%s)', (typo, word) => {
    expect(spelling.correctToken(typo)).toBe(word);
  });

  it('never changes a word of the language, a word of the patterns, a short token or a number', () => {
    expect(spelling.correctToken('slaap')).toBeNull(); // a real word one letter from 'slaat'
    expect(spelling.correctToken('cooking')).toBeNull(); // English, one letter from 'choking'
    expect(spelling.correctToken('ademt')).toBeNull();
    expect(spelling.correctToken('wli')).toBeNull();
    expect(spelling.correct('ik heb 1234 euro').corrections).toEqual([]);
  });

  it('leaves a four-letter token alone unless a usual Dutch slip explains it', () => {
    expect(spelling.correctToken('hele')).toBeNull(); // one edit from 'heel', but no rule for it
    expect(spelling.correctToken('wlll')).toBeNull();
  });

  it('corrects tokens inside a text and lists what it changed, in order', () => {
    expect(spelling.correct('hij ademd niet en ligt op zoldr')).toEqual({
      text: 'hij ademt niet en ligt op zolder',
      corrections: [
        { from: 'ademd', to: 'ademt' },
        { from: 'zoldr', to: 'zolder' },
      ],
    });
  });
});

describe('the words the safety patterns are made of', () => {
  it('takes the literal words and drops escapes, character classes and group syntax', () => {
    const safety = testSafety(
      {
        idioms: { nl: ['\\bdood van het lachen\\b'], en: [] },
        negations: { nl: ['\\bnooit (\\w+ ){0,2}slaan\\b'], en: [] },
        concepts: { means: { nl: ['\\b(touw|pillen)\\b'], en: [] } },
      },
      { suicide: ['\\bzelf ?(moord|doding)\\w*', '\\bsu[iy]?cid'] },
    );
    expect([...patternWords(safety)].sort()).toEqual(['cid', 'doding', 'dood', 'het', 'lachen', 'moord', 'nooit', 'pillen', 'slaan', 'touw', 'van', 'zelf']);
  });
});

describe('the Dutch and English dictionaries', () => {
  it('know inflected words of both languages and not the typos', () => {
    const words = knownWords();
    for (const word of ['slaap', 'slaat', 'mijn', 'vanavond', 'cooking', 'collapses']) expect(words.isWord(word), word).toBe(true);
    for (const word of ['ademd', 'slaad', 'ophange', 'paraceatmol']) expect(words.isWord(word), word).toBe(false);
  });
});

describe('typing errors in crisis messages (bundled content)', () => {
  const u = understander();

  it.each([
    'mijn moeder ademd niet meer goed en reageerd niet',
    'ik wil mezelf ophange',
    'ik wil mijn leven beeindige',
    'mn man slaad me en de kinderen zijn thuis',
    'ik zie het nie meer ziten',
  ])('"%s" is a crisis, and says which words it read otherwise', (message) => {
    const result = u.understand(message);
    expect(result.crisis).toBe(true);
    expect(result.why.some((w) => w.startsWith('crisis words read with typing errors corrected:'))).toBe(true);
  });

  it('adds nothing when the message as typed already shows the crisis', () => {
    const result = u.understand('ik wil niet meer leven, ik heb de pillen al klaargelegd');
    expect(result.crisis).toBe(true);
    expect(result.why.some((w) => w.startsWith('crisis words read with typing errors corrected'))).toBe(false);
  });

  it('does not make a crisis of everyday words that look like crisis words', () => {
    for (const message of [
      'I am 81 and cooking is getting difficult, is there meal delivery',
      'ik slaap slecht sinds de scheiding en mijn zoon ook',
      'if he ever collapses should we still call the GP, he has a do-not-resuscitate wish',
    ]) {
      expect(u.understand(message).crisis, message).toBe(false);
    }
  });

  it('reads the words of the bundled patterns, thousands of them', () => {
    expect(patternWords(bundledContent().safety).size).toBeGreaterThan(2000);
  });
});
