// Typed copies of labelled lines: each word of four letters or more gets a typing error with chance 1 in 4 (a letter
// left out, two swapped, one doubled, one wrong, a final n dropped, d and t mixed up at the end). Deterministic: the
// same files give the same copies. For measuring how understanding holds up against typing errors:
//
//   node dist/scripts/typo-variants.js --crisis 2 test/understanding/fresh/*.jsonl > /tmp/typos.jsonl
//   npx keuzehulp eval /tmp/typos.jsonl
//
//   --crisis N      N copies of each crisis line (default 0)
//   --other N       N copies of each line that is no crisis (default 0)
//   --rate R        chance that a word gets an error (default 0.25)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseLabelled } from '../src/understanding/evaluate.js';

const KEYS = 'qwertyuiopasdfghjklzxcvbnm';

/** A small linear congruential generator: the same seed gives the same copies on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function typoWord(word: string, next: () => number): string {
  if (word.length < 4 || !/^[a-z]+$/i.test(word)) return word;
  const r = next();
  const i = 1 + Math.floor(next() * (word.length - 2));
  if (word.endsWith('en') && r < 0.2) return word.slice(0, -1);
  if (/[dt]$/.test(word) && r < 0.3) return word.endsWith('dt') ? word.slice(0, -1) : word.slice(0, -1) + (word.endsWith('d') ? 't' : 'd');
  if (r < 0.5) return word.slice(0, i) + word.slice(i + 1);
  if (r < 0.7) return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
  if (r < 0.85) return word.slice(0, i) + word[i]! + word.slice(i);
  return word.slice(0, i) + KEYS[Math.floor(next() * KEYS.length)]! + word.slice(i + 1);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { crisis: { type: 'string', default: '0' }, other: { type: 'string', default: '0' }, rate: { type: 'string', default: '0.25' } },
  });
  const copies = { crisis: Number(values.crisis), other: Number(values.other) };
  const rate = Number(values.rate);
  if (positionals.length === 0 || !Number.isInteger(copies.crisis) || !Number.isInteger(copies.other) || !(rate >= 0 && rate <= 1)) {
    console.error('usage: typo-variants [--crisis N] [--other N] [--rate R] FILE.jsonl ...');
    process.exit(2);
  }
  const next = random(12345);
  for (const file of positionals) {
    const parsed = parseLabelled(readFileSync(file, 'utf8'), file);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
    for (const line of parsed.lines) {
      const n = line.crisis ? copies.crisis : copies.other;
      for (let k = 0; k < n; k++) {
        const text = line.text
          .split(/(\s+)/)
          .map((w) => (next() < rate ? typoWord(w, next) : w))
          .join('');
        const { source: _source, ...labels } = line;
        process.stdout.write(`${JSON.stringify({ ...labels, text })}\n`);
      }
    }
  }
}

if (require.main === module) main();
