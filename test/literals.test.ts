// Required literals and the literal index: a pattern the index rules out must never match. Checked on the shapes
// our patterns use, on random texts built to match every shipped pattern, and on every shipped labelled line.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { LiteralIndex, requiredLiterals } from '../src/understanding/literals.js';
import { PatternSet } from '../src/understanding/patterns.js';
import { normalize } from '../src/understanding/normalize.js';
import { loadContentOrThrow } from '../src/content/load.js';
import { random } from '../scripts/bench-understanding.js';

const ROOT = path.resolve(__dirname, '..');
const content = loadContentOrThrow(path.join(ROOT, 'content'));

/** Every pattern the crisis and signal detectors compile. */
function shippedPatterns(): string[] {
  const both = (p: { nl: string[]; en: string[] }) => [...p.nl, ...p.en];
  const safety = content.safety;
  return [
    ...safety.categories.flatMap((c) => [...both(c.patterns), ...both(c.exclude)]),
    ...both(safety.idioms),
    ...both(safety.negations),
    ...Object.values(safety.concepts).flatMap(both),
    ...content.signals.signals.flatMap((s) => both(s.patterns)),
  ];
}

/** A text built to match a pattern: a random walk over its syntax tree (lookarounds may still fail; see callers). */
function generate(source: string, next: () => number): string | null {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const charFrom = (node: AST.CharacterClass): string | null => {
    if (!node.negate) {
      const element = pick(node.elements);
      if (element.type === 'Character') return String.fromCodePoint(element.value);
      if (element.type === 'CharacterClassRange') {
        return String.fromCodePoint(element.min.value + Math.floor(next() * (element.max.value - element.min.value + 1)));
      }
      if (element.type === 'CharacterSet') return element.kind === 'digit' ? '7' : element.kind === 'space' ? ' ' : 'a';
      return null;
    }
    const re = new RegExp(node.raw, 'u');
    return [' ', 'a', 'x', '1', '.', '?'].find((c) => re.test(c)) ?? null;
  };
  const walk = (node: AST.Node): string | null => {
    switch (node.type) {
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        return walk(pick(node.alternatives));
      case 'Alternative': {
        let out = '';
        for (const element of node.elements) {
          const s = walk(element);
          if (s === null) return null;
          out += s;
        }
        return out;
      }
      case 'Character':
        return String.fromCodePoint(node.value);
      case 'CharacterClass':
        return charFrom(node);
      case 'CharacterSet':
        if (node.kind === 'digit') return node.negate ? 'a' : String(Math.floor(next() * 10));
        if (node.kind === 'space') return node.negate ? 'a' : ' ';
        if (node.kind === 'word') return node.negate ? ' ' : pick(['a', 'e', 'k', 'z']);
        return 'a';
      case 'Quantifier': {
        const max = Math.min(node.max, node.min + 2);
        const count = node.min + Math.floor(next() * (max - node.min + 1));
        let out = '';
        for (let i = 0; i < count; i++) {
          const s = walk(node.element);
          if (s === null) return null;
          out += s;
        }
        return out;
      }
      case 'Assertion':
        // A positive lookahead: write what it looks for (right for the common case, a lookahead at the end).
        if (node.kind === 'lookahead' && !node.negate) return walk(pick(node.alternatives));
        return '';
      default:
        return null;
    }
  };
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  return walk(parser.parsePattern(source, 0, source.length, { unicode: true }));
}

describe('requiredLiterals', () => {
  it('spells out alternatives in a sequence', () => {
    expect(requiredLiterals('\\b(niet|geen) (slaan|schoppen)\\b')?.sort()).toEqual(['geen schoppen', 'geen slaan', 'niet schoppen', 'niet slaan']);
    expect(requiredLiterals('\\bpil[iy]\\b')?.sort()).toEqual(['pili', 'pily']);
  });

  it('takes the rarest fixed part around words that vary', () => {
    expect(requiredLiterals('\\b(ik|we) (\\w+ ){0,3}overdosis\\b')).toEqual(['overdosis']);
    expect(requiredLiterals('\\bslaat (\\w+ ){0,2}(mij|me)\\b')).toEqual(['slaat ']);
  });

  it('counts a positive lookahead (its words must be in the text) and ignores a negative one', () => {
    expect(requiredLiterals('\\bdood\\b(?=[\\s\\S]{0,60}\\bvanavond\\b)')).toEqual(['vanavond']);
    expect(requiredLiterals('\\bdood\\b(?! van het lachen)')).toEqual(['dood']);
  });

  it('needs every branch of an alternation; one branch without fixed text makes the pattern always run', () => {
    expect(requiredLiterals('\\bhulp\\b|\\bsteun\\b')?.sort()).toEqual(['hulp', 'steun']);
    expect(requiredLiterals('\\bhulp\\b|\\d+')).toBeNull();
    expect(requiredLiterals('(ab)?')).toBeNull();
    expect(requiredLiterals('^.*$')).toBeNull();
  });

  it('cuts a literal at characters outside plain text and keeps the longest piece', () => {
    expect(requiredLiterals('ik ben 😀 blij')).toEqual(['ik ben ']);
  });
});

describe('LiteralIndex', () => {
  it('rules out only patterns whose fixed text is missing, and always runs a pattern without fixed text', () => {
    const index = new LiteralIndex();
    const ids = ['\\bschulden\\b', '\\bhuur (\\w+ ){0,2}achter\\b', '\\d{4} ?[a-z]{2}'].map((p) => index.add(p));
    index.prepare('ik heb schulden');
    expect(ids.map((id) => index.mayMatch(id))).toEqual([true, false, true]);
    index.prepare('de huur loopt achter');
    expect(ids.map((id) => index.mayMatch(id))).toEqual([false, true, true]);
  });

  it('finds literals that overlap or end inside each other', () => {
    const index = new LiteralIndex();
    const ids = ['hers', 'she', 'he', 'ushe'].map((p) => index.add(p));
    index.prepare('ushers');
    expect(ids.map((id) => index.mayMatch(id))).toEqual([true, true, true, true]);
    index.prepare('usher');
    expect(ids.map((id) => index.mayMatch(id))).toEqual([false, true, true, true]);
  });

  it('lets pattern sets share one index, each with its own patterns', () => {
    const index = new LiteralIndex();
    const a = new PatternSet(['\\bdood\\b'], index);
    const b = new PatternSet(['\\bpillen\\b', '\\bdood\\b'], index);
    expect(a.all('ik wil dood').map((h) => h.match)).toEqual(['dood']);
    expect(b.first('ik wil dood')?.pattern).toBe('\\bdood\\b');
    expect(b.test('pillen')).toBe(true);
    expect(a.test('pillen')).toBe(false);
  });

  const patterns = shippedPatterns();

  it('never rules out a shipped pattern on a text built to match it', () => {
    const index = new LiteralIndex();
    const ids = patterns.map((p) => index.add(p));
    const next = random(11);
    let checked = 0;
    const covered = new Set<number>();
    for (const [i, source] of patterns.entries()) {
      const regex = new RegExp(source, 'u');
      for (let attempt = 0; attempt < 12; attempt++) {
        const body = generate(source, next);
        if (body === null) continue;
        const text = `${attempt % 2 ? 'en toen ' : ''}${body}${attempt % 3 ? ' zei ze' : ''}`;
        if (!regex.test(text)) continue;
        index.prepare(text);
        expect(index.mayMatch(ids[i]!), `${source} on '${text}'`).toBe(true);
        checked++;
        covered.add(i);
      }
    }
    // Lookarounds and word boundaries make some walks miss; most patterns must still be checked.
    expect(covered.size / patterns.length).toBeGreaterThan(0.95);
    expect(checked).toBeGreaterThan(patterns.length * 5);
  });

  it('agrees with running every shipped pattern on every shipped labelled line', () => {
    const index = new LiteralIndex();
    const ids = patterns.map((p) => index.add(p));
    const regexes = patterns.map((p) => new RegExp(p, 'u'));
    const dir = path.join(ROOT, 'test', 'understanding');
    let matches = 0;
    let ruledOut = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const text = normalize((JSON.parse(line) as { text: string }).text);
        index.prepare(text);
        for (const [i, regex] of regexes.entries()) {
          const may = index.mayMatch(ids[i]!);
          if (regex.test(text)) {
            matches++;
            expect(may, `${patterns[i]} on '${text}'`).toBe(true);
          } else if (!may) ruledOut++;
        }
      }
    }
    expect(matches).toBeGreaterThan(300);
    // The point of the index: nearly all non-matching patterns are never run.
    expect(ruledOut).toBeGreaterThan(0.9 * (385 * patterns.length - matches));
  });
});
