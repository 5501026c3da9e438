// Required literals: for a regular expression, strings of which every match contains one. One pass over a text
// (Aho–Corasick) finds every literal of every pattern at once and so tells which few patterns can match at all;
// only those run their regular expression. Most of the 1,400+ safety patterns cannot match a given message.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Exact strings a part may match, beyond which we stop multiplying alternatives. */
const MAX_EXACT = 64;
/** Characters in a character class we still spell out one by one ([iy], [1-6]). */
const MAX_CLASS = 16;
/**
 * Characters the scanner tells apart. Normalized text is plain ASCII letters, digits and spaces; a literal is cut
 * at a rarer character, and the longest piece stays required (each piece of a required string is required too).
 */
const ALPHABET = 512;
/** Scans are stamped with a generation in a Uint32Array; before it would wrap, the stamps are cleared. */
const MAX_GENERATION = 0xffffffff;

/** What we know of a part of a pattern. */
interface Info {
  /** The part matches exactly one of these strings, or null when they are too many or unbounded. */
  exact: Set<string> | null;
  /** Every match of the part contains one of these, or null when we cannot say. */
  need: Set<string> | null;
}

const UNKNOWN: Info = { exact: null, need: null };
const ZERO_WIDTH: Info = { exact: new Set(['']), need: null };

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** A set that can serve as a requirement: without the empty string, which every text contains. */
function usable(set: Set<string> | null): Set<string> | null {
  return set && set.size > 0 && !set.has('') ? set : null;
}

/** Longer strings are rarer; of two sets with equally long strings, the smaller one is rarer. */
function rarity(set: Set<string>): number {
  let shortest = Infinity;
  for (const s of set) shortest = Math.min(shortest, s.length);
  return Math.min(shortest, 8) * 1000 - set.size;
}

function rarer(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a) return b;
  if (!b) return a;
  return rarity(b) > rarity(a) ? b : a;
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  const out = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      out.add(x + y);
      if (out.size > MAX_EXACT) return null;
    }
  }
  return out;
}

function disjunction(alternatives: AST.Alternative[]): Info {
  let exact: Set<string> | null = new Set();
  let need: Set<string> | null = new Set();
  for (const alternative of alternatives) {
    const info = sequence(alternative.elements);
    if (exact && info.exact && exact.size + info.exact.size <= MAX_EXACT) for (const s of info.exact) exact.add(s);
    else exact = null;
    // Every branch must name what it needs; one branch that needs nothing makes the whole need nothing.
    const branch = rarer(info.need, usable(info.exact));
    if (need && branch) for (const s of branch) need.add(s);
    else need = null;
  }
  return { exact, need };
}

function sequence(elements: AST.Element[]): Info {
  let run = new Set(['']);
  let whole = true;
  let need: Set<string> | null = null;
  for (const element of elements) {
    const info = part(element);
    need = rarer(need, info.need);
    const joined = info.exact ? product(run, info.exact) : null;
    if (joined) {
      run = joined;
      continue;
    }
    // The run of exact parts ends here: what it spelled out is one requirement of the sequence.
    need = rarer(need, usable(run));
    whole = false;
    run = info.exact ?? new Set(['']);
  }
  need = rarer(need, usable(run));
  return { exact: whole ? run : null, need };
}

function characterClass(node: AST.CharacterClass): Info {
  if (node.negate || node.unicodeSets) return UNKNOWN;
  const chars = new Set<string>();
  for (const element of node.elements) {
    if (element.type === 'Character') chars.add(String.fromCodePoint(element.value));
    else if (element.type === 'CharacterClassRange' && element.max.value - element.min.value < MAX_CLASS) {
      for (let c = element.min.value; c <= element.max.value; c++) chars.add(String.fromCodePoint(c));
    } else return UNKNOWN;
  }
  return chars.size <= MAX_CLASS ? { exact: chars, need: null } : UNKNOWN;
}

function part(node: AST.Element): Info {
  switch (node.type) {
    case 'Character':
      return { exact: new Set([String.fromCodePoint(node.value)]), need: null };
    case 'CharacterClass':
      return characterClass(node);
    case 'Group':
      return node.modifiers ? UNKNOWN : disjunction(node.alternatives);
    case 'CapturingGroup':
      return disjunction(node.alternatives);
    case 'Quantifier': {
      const inner = part(node.element);
      if (node.min === 0) {
        // x? matches x or nothing; longer optional repeats are not worth spelling out.
        if (node.max === 1 && inner.exact) return { exact: new Set([...inner.exact, '']), need: null };
        return UNKNOWN;
      }
      let exact: Set<string> | null = null;
      if (node.min === node.max && inner.exact) {
        exact = new Set(['']);
        for (let i = 0; i < node.min && exact; i++) exact = product(exact, inner.exact);
      }
      return { exact, need: rarer(inner.need, usable(inner.exact)) };
    }
    case 'Assertion': {
      // An assertion only narrows where a match may be, so it adds no characters. A positive lookaround also
      // needs its own text to be there: in the message, which is what the scanner reads.
      if ((node.kind === 'lookahead' || node.kind === 'lookbehind') && !node.negate) {
        const inner = disjunction(node.alternatives);
        return { exact: new Set(['']), need: rarer(inner.need, usable(inner.exact)) };
      }
      return ZERO_WIDTH;
    }
    default:
      // Character sets (\w, \d, \s, .), back references: nothing to spell out.
      return UNKNOWN;
  }
}

/** The longest piece of a literal between characters the scanner does not tell apart. */
function scannable(literal: string): string {
  let best = '';
  for (const piece of literal.split(/[^\u0000-\u01ff]/u)) if (piece.length > best.length) best = piece;
  return best;
}

/**
 * Strings of which every match of `source` (compiled with the `u` flag, case-sensitive) contains at least one;
 * null when the pattern can match without fixed text (then it must always run).
 */
export function requiredLiterals(source: string): string[] | null {
  const pattern = parser.parsePattern(source, 0, source.length, { unicode: true });
  const info = disjunction(pattern.alternatives);
  const need = rarer(info.need, usable(info.exact));
  if (!need) return null;
  const literals = new Set<string>();
  for (const literal of need) {
    const piece = scannable(literal);
    if (piece === '') return null;
    literals.add(piece);
  }
  return [...literals];
}

/**
 * Patterns registered by id, with one Aho–Corasick automaton over all their required literals. `prepare(text)`
 * scans a text once; `mayMatch(id)` then says whether the pattern can match it. Shared by the pattern sets of one
 * detector, so a message is scanned once for all of them. Not for concurrent use (Node runs one message at a time).
 */
export class LiteralIndex {
  private readonly literalIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private patternCount = 0;
  private readonly always: number[] = [];
  private automaton: Automaton | null = null;
  private candidates = new Uint32Array(0);
  private generation = 0;
  private lastText: string | null = null;

  /** Registers a pattern; returns the id to ask about. */
  add(source: string): number {
    const id = this.patternCount++;
    const literals = requiredLiterals(source);
    if (!literals) this.always.push(id);
    else {
      for (const literal of literals) {
        let literalId = this.literalIds.get(literal);
        if (literalId === undefined) {
          literalId = this.literalIds.size;
          this.literalIds.set(literal, literalId);
          this.postings.push([]);
        }
        this.postings[literalId]!.push(id);
      }
    }
    this.automaton = null;
    return id;
  }

  /** Scans a text (once per distinct text in a row) for the literals of every pattern. */
  prepare(text: string): void {
    if (this.automaton && text === this.lastText) return;
    if (!this.automaton) {
      this.automaton = new Automaton([...this.literalIds.keys()]);
      this.candidates = new Uint32Array(this.patternCount);
      this.generation = 0;
    }
    if (this.generation === MAX_GENERATION) {
      this.candidates.fill(0);
      this.generation = 0;
    }
    const generation = ++this.generation;
    const candidates = this.candidates;
    for (const id of this.always) candidates[id] = generation;
    for (const literal of this.automaton.find(text)) for (const id of this.postings[literal]!) candidates[id] = generation;
    this.lastText = text;
  }

  /** After prepare(text): can pattern `id` match that text? */
  mayMatch(id: number): boolean {
    return this.candidates[id] === this.generation;
  }
}

/** Aho–Corasick over UTF-16 code units below ALPHABET; one map holds every edge, keyed by state and character. */
class Automaton {
  private readonly edges = new Map<number, number>();
  private readonly fail: Int32Array;
  /** Literal ids that end in a state. */
  private readonly output: Array<number[] | undefined> = [];
  /** The nearest state down the failure chain with an output, or -1. */
  private readonly outputLink: Int32Array;
  private readonly seen: Uint32Array;
  private generation = 0;

  constructor(literals: string[]) {
    let states = 1;
    for (const [id, literal] of literals.entries()) {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const key = state * ALPHABET + literal.charCodeAt(i);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = states++;
          this.edges.set(key, next);
        }
        state = next;
      }
      (this.output[state] ??= []).push(id);
    }
    this.fail = new Int32Array(states);
    this.outputLink = new Int32Array(states).fill(-1);
    this.seen = new Uint32Array(literals.length);
    // Children per state, to walk the trie breadth first.
    const children: Array<Array<[number, number]>> = Array.from({ length: states }, () => []);
    for (const [key, next] of this.edges) children[Math.floor(key / ALPHABET)]!.push([key % ALPHABET, next]);
    const queue: number[] = children[0]!.map(([, next]) => next);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [char, next] of children[state]!) {
        queue.push(next);
        let f = this.fail[state]!;
        while (f !== 0 && !this.edges.has(f * ALPHABET + char)) f = this.fail[f]!;
        const target = this.edges.get(f * ALPHABET + char);
        const fallback = target !== undefined && target !== next ? target : 0;
        this.fail[next] = fallback;
        this.outputLink[next] = this.output[fallback] ? fallback : this.outputLink[fallback]!;
      }
    }
  }

  /** Ids of the literals that occur in the text, each once. */
  find(text: string): number[] {
    const found: number[] = [];
    if (this.generation === MAX_GENERATION) {
      this.seen.fill(0);
      this.generation = 0;
    }
    const generation = ++this.generation;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char >= ALPHABET) {
        state = 0;
        continue;
      }
      let next = this.edges.get(state * ALPHABET + char);
      while (next === undefined && state !== 0) {
        state = this.fail[state]!;
        next = this.edges.get(state * ALPHABET + char);
      }
      state = next ?? 0;
      for (let s = this.output[state] ? state : this.outputLink[state]!; s > 0; s = this.outputLink[s]!) {
        for (const id of this.output[s]!) {
          if (this.seen[id] !== generation) {
            this.seen[id] = generation;
            found.push(id);
          }
        }
      }
    }
    return found;
  }
}
