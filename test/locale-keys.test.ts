// Every sentence key the code uses exists in every language, and every product sentence is used somewhere.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenLocale } from '../src/content/cross-check.js';
import { LANGUAGES } from '../src/content/schema.js';
import { ROOT, bundledContent } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [readFileSync(full, 'utf8')] : [];
  });
}

const code = [...sources(path.join(ROOT, 'dialogs')), ...sources(path.join(ROOT, 'src'))].join('\n');
/** Literal keys ('dialog:help') and key prefixes of template strings (`dialog:followUp.${id}`). */
const literal = [...code.matchAll(/(?:['"`]|\$t\()(dialog|common):([A-Za-z0-9_.]+)(?:['"`)])/g)].map((m) => `${m[1]}:${m[2]}`);
const prefixes = [...code.matchAll(/`(dialog|common):([A-Za-z0-9_.]*)\$\{/g)].map((m) => `${m[1]}:${m[2]}`);
const commonLiteral = [...code.matchAll(/t\('([a-zA-Z]+\.[A-Za-z0-9_.]+)'/g)].map((m) => `common:${m[1]}`);

describe('locale keys', () => {
  const content = bundledContent();
  const keys = (language: (typeof LANGUAGES)[number]) =>
    new Set(Object.entries(content.locales[language]).flatMap(([ns, tree]) => [...flattenLocale(tree).keys()].map((k) => `${ns}:${k}`)));

  it('finds the keys the code uses', () => {
    expect(literal.length).toBeGreaterThan(40);
    expect(prefixes.length).toBeGreaterThan(2);
  });

  for (const language of LANGUAGES) {
    it(`every key used in code exists in ${language}`, () => {
      const known = keys(language);
      const missing = [...new Set([...literal, ...commonLiteral])].filter((key) => !known.has(key));
      expect(missing).toEqual([]);
      for (const prefix of prefixes) expect([...known].some((k) => k.startsWith(prefix)), prefix).toBe(true);
    });
  }

  it('every dialogue sentence is used by the code', () => {
    const used = new Set([...literal, ...commonLiteral]);
    const unused = [...keys('nl')].filter((key) => key.startsWith('dialog:') && !used.has(key) && !prefixes.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });
});
