// Labelled examples (content/examples/): loading, checks, import, and their use by theme matching.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent, loadContentOrThrow } from '../src/content/load.js';
import { exampleKey, importExamples } from '../src/content/examples.js';
import { parseLabelled } from '../src/understanding/evaluate.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { CONTENT_DIR, ROOT, bundledContent } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'keuzehulp.js');

let dir: string;
const copy = () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-examples-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
};
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled examples', () => {
  const content = bundledContent();

  it('load for every theme, each file named after its theme', () => {
    expect(content.examples.map((e) => e.theme).sort()).toEqual(content.themes.map((t) => t.id).sort());
    for (const file of content.examples) expect(file.nl.length + file.en.length).toBeGreaterThan(100);
  });

  it('share no message with the shipped labelled set, which must stay unseen by theme matching', () => {
    const known = new Set(content.examples.flatMap((e) => [...e.nl, ...e.en]).map(exampleKey));
    const shipped = readdirSync(path.join(ROOT, 'test', 'understanding'))
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => parseLabelled(readFileSync(path.join(ROOT, 'test', 'understanding', f), 'utf8'), f).lines);
    expect(shipped.length).toBeGreaterThan(300);
    expect(shipped.filter((l) => known.has(exampleKey(l.text))).map((l) => l.text)).toEqual([]);
  });
});

describe('content check on example files', () => {
  it('reports an unknown theme, a file named after another theme and personal data, with file and line', () => {
    copy();
    writeFileSync(
      path.join(dir, 'examples', 'bestaat-niet.yaml'),
      'version: 1\ntheme: bestaat-niet\nsource: "a test file with an unknown theme"\nnl:\n  - een voorbeeld\n',
    );
    const file = path.join(dir, 'examples', 'geldzorgen.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^nl:\n/m, 'nl:\n  - bel me op 06-12345678 over mijn schulden\n'));
    const { problems, content } = loadContent(dir);
    expect(content).toBeUndefined();
    const unknown = problems.find((p) => p.message.includes('unknown theme "bestaat-niet"'));
    expect(unknown).toMatchObject({ file: 'examples/bestaat-niet.yaml', line: 2, severity: 'error' });
    const pii = problems.find((p) => p.message.includes('personal data'));
    expect(pii?.file).toBe('examples/geldzorgen.yaml');
    expect(readFileSync(file, 'utf8').split('\n')[pii!.line - 1]).toContain('06-12345678');
  });

  it('warns when one message is labelled with two themes', () => {
    copy();
    const message = loadContentOrThrow(dir).examples.find((e) => e.theme === 'geldzorgen')!.nl[0]!;
    const file = path.join(dir, 'examples', 'scheiding.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^nl:\n/m, `nl:\n  - ${JSON.stringify(message)}\n`));
    const { problems, content } = loadContent(dir);
    expect(content).toBeDefined();
    expect(problems.some((p) => p.severity === 'warning' && p.file === 'examples/scheiding.yaml' && p.message.includes('also labelled'))).toBe(true);
  });
});

describe('importing labelled lines', () => {
  it('adds new messages per theme and language, redacts personal data, and skips crisis, null and known lines', () => {
    copy();
    const content = loadContentOrThrow(dir);
    const known = content.examples.find((e) => e.theme === 'eenzaamheid')!.nl[0]!;
    const lines = [
      { text: 'de zwoffelbak van mijn plonter is stuk', theme: 'helpen', crisis: false, source: 't:1' },
      { text: 'I keep paying the zwoffelbak fees', theme: 'geldzorgen', crisis: false, source: 't:2' },
      { text: 'mail me op jan@voorbeeld.nl over de huur', theme: 'geldzorgen', crisis: false, source: 't:3' },
      { text: 'ik wil niet meer leven', theme: 'psychisch', crisis: true, source: 't:4' },
      { text: 'paspoort verlopen', theme: null, crisis: false, source: 't:5' },
      { text: `  ${known.toUpperCase()}  `, theme: 'eenzaamheid', crisis: false, source: 't:6' },
      { text: 'iets', theme: 'geen-thema', crisis: false, source: 't:7' },
    ];
    lines.push({ text: 'Ik zoek een taalmaatje', theme: 'helpen', crisis: false, source: 't:8' });
    const result = importExamples(content, lines, (text) => (/\b(i|the)\b/.test(text) ? 'en' : 'nl'), {
      source: 'unit test lines',
      holdout: ['ik zoek een  taalmaatje'],
    });
    expect(result.added).toEqual({ helpen: 1, geldzorgen: 2 });
    expect(result.skipped).toEqual({ noTheme: 1, crisis: 1, duplicate: 1, holdout: 1, unknownTheme: ['t:7: unknown theme "geen-thema"'] });
    expect(result.redacted).toBe(1);

    const reloaded = loadContentOrThrow(dir);
    const geld = reloaded.examples.find((e) => e.theme === 'geldzorgen')!;
    expect(geld.en).toContain('I keep paying the zwoffelbak fees');
    expect(geld.nl).toContain('mail me op [e-mail] over de huur');
    expect(JSON.stringify(reloaded.examples)).not.toContain('jan@voorbeeld.nl');
    expect(reloaded.examples.find((e) => e.theme === 'helpen')!.nl).toContain('de zwoffelbak van mijn plonter is stuk');

    // Theme matching learns from it: two made-up words now point to the theme of the example.
    const before = createUnderstanding(content).understand('zwoffelbak plonter');
    const after = createUnderstanding(reloaded).understand('zwoffelbak plonter');
    expect(before.theme).toBeNull();
    expect(after.theme).toBe('helpen');
    expect(after.why.some((w) => w.includes('helpen example'))).toBe(true);
  });

  it('starts a file for a theme that has none, with its version, theme and source', () => {
    copy();
    rmSync(path.join(dir, 'examples', 'helpen.yaml'));
    const content = loadContentOrThrow(dir);
    importExamples(content, [{ text: 'ik wil koken voor de buurt', theme: 'helpen', crisis: false, source: 't:1' }], () => 'nl', {
      source: 'a new source of examples',
    });
    const text = readFileSync(path.join(dir, 'examples', 'helpen.yaml'), 'utf8');
    expect(text).toMatch(/^# Messages people wrote/);
    const file = loadContentOrThrow(dir).examples.find((e) => e.theme === 'helpen')!;
    expect(file).toMatchObject({ version: 1, theme: 'helpen', source: 'a new source of examples', nl: ['ik wil koken voor de buurt'], en: [] });
  });

  it('keuzehulp content examples: dry run changes nothing, a real run writes and checks', () => {
    copy();
    const labelled = path.join(dir, 'new.jsonl');
    writeFileSync(
      labelled,
      [
        { text: 'wie komt er mee wandelen met mijn buurvrouw', theme: 'helpen', crisis: false, maatwerk: false },
        { text: 'kan ik hulp krijgen met mijn administratie', theme: 'geldzorgen', crisis: false, maatwerk: false },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const env = { ...process.env, CONTENT_DIR: dir };
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'content', 'examples', ...args], { encoding: 'utf8', env, timeout: 60_000 });
    const before = readFileSync(path.join(dir, 'examples', 'helpen.yaml'), 'utf8');
    const dry = run([labelled, '--source', 'test lines for the CLI', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('would add 2 examples');
    expect(readFileSync(path.join(dir, 'examples', 'helpen.yaml'), 'utf8')).toBe(before);
    expect(run([labelled]).status).toBe(2); // no --source
    const holdout = path.join(dir, 'holdout.jsonl');
    writeFileSync(holdout, JSON.stringify({ text: 'kan ik hulp krijgen met mijn administratie', theme: 'geldzorgen', crisis: false, maatwerk: false }));
    const real = run([labelled, '--source', 'test lines for the CLI', '--holdout', holdout]);
    expect(real.stderr).toBe('');
    expect(real.status).toBe(0);
    expect(readFileSync(path.join(dir, 'examples', 'helpen.yaml'), 'utf8')).toContain('wie komt er mee wandelen met mijn buurvrouw');
    expect(real.stdout).toContain('added 1 example (helpen 1)');
    expect(real.stdout).toContain('1 in a held-out set');
    expect(readFileSync(path.join(dir, 'examples', 'geldzorgen.yaml'), 'utf8')).not.toContain('kan ik hulp krijgen met mijn administratie');
    const again = run([labelled, '--source', 'test lines for the CLI']);
    expect(again.stdout).toContain('added 1 example (geldzorgen 1)');
    expect(again.stdout).toContain('1 already known');
  });
});
