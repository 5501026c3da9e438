import { describe, expect, it } from 'vitest';
import { normalize, tokenize } from '../src/understanding/normalize.js';
import { detectCommand } from '../src/understanding/commands.js';
import { IntList, PairTable, Postings, ThemeIndex, editDistance } from '../src/understanding/theme-index.js';
import { bundledContent, understander } from './helpers.js';

const u = (text: string) => understander().understand(text);

describe('normalize', () => {
  it('folds case and accents and writes out chat abbreviations', () => {
    expect(normalize("Mn MOEDER is ZIEK, ff HULP nodig!! Één vraag")).toBe('mijn moeder is ziek even hulp nodig . een vraag');
    expect(normalize("m'n zoon, z'n school, 'k weet 't niet")).toBe('mijn zoon zijn school ik weet t niet');
    expect(normalize('kvn meer, idd')).toBe('ik weet het niet meer inderdaad');
    expect(tokenize(normalize('burn-out en e-mail'))).toEqual(['burnout', 'en', 'email']);
  });
});

describe('themes', () => {
  it.each([
    ['ik heb schulden en de deurwaarder komt', 'geldzorgen'],
    ['we gaan scheiden en hebben 2 kinderen', 'scheiding'],
    ['mijn puber luistert niet meer', 'opvoeding'],
    ['ik voel me zo eenzaam', 'eenzaamheid'],
    ['ik zorg voor mijn moeder met dementie en het wordt me te veel', 'mantelzorg'],
    ['ik kan de trap niet meer op en wil een traplift', 'thuis-wonen'],
    ['ik ben werkloos en zoek een baan', 'werk-dagbesteding'],
    ['ik heb een burn-out en slaap slecht', 'psychisch'],
    ['ik wil vrijwilligerswerk doen in de buurt', 'helpen'],
    ['mijn ex bedreigt me en ik ben bang', 'veiligheid'],
  ])('"%s" → %s', (text, theme) => {
    expect(u(text).theme).toBe(theme);
  });

  it('reads typos against the vocabulary and says so', () => {
    const result = u('ik heb schuldn bij de belastingdienst');
    expect(result.theme).toBe('geldzorgen');
    expect(result.why.join(' ')).toMatch(/read 'schuldn' as 'schuld(en)?'/);
  });

  it('splits compounds against the vocabulary ("schuldhulpverleningstraject" finds schuld…)', () => {
    const result = u('schuldhulpverleningstraject');
    expect(result.theme).toBe('geldzorgen');
    expect(result.why.join(' ')).toMatch(/compound 'schuldhulpverleningstraject' contains/);
  });

  it('gives theme null to out-of-scope questions and says why', () => {
    for (const text of ['ik moet mijn paspoort verlengen', 'wanneer wordt het grofvuil opgehaald', 'hoe krijg ik een parkeervergunning']) {
      const result = u(text);
      expect(result.theme, text).toBeNull();
      expect(result.why.join(' '), text).toMatch(/not a social-domain question/);
    }
  });

  it('is deterministic and explains every theme', () => {
    const a = u('ik kan mijn energierekening niet meer betalen');
    const b = u('ik kan mijn energierekening niet meer betalen');
    expect(a).toEqual(b);
    expect(a.why.length).toBeGreaterThan(0);
    expect(a.themes[0]!.id).toBe('geldzorgen');
    expect(a.themes[0]!.score).toBeGreaterThan(0);
    expect(a.themes[0]!.score).toBeLessThanOrEqual(1);
  });
});

describe('crisis', () => {
  it.each([
    'ik wil niet meer leven',
    'ik denk aan zelfmoord',
    'zelfmoort',
    'ik wil er een eind aan maken',
    'mijn man slaat me',
    'mijn vader ademt niet meer',
    'I want to kill myself',
    'my husband hits me',
    'Ik heb schulden en ik zie het leven niet meer zitten',
  ])('"%s" is a crisis', (text) => {
    const result = u(text);
    expect(result.crisis).toBe(true);
    expect(result.maatwerk).toBe(true);
    expect(result.signals[0]).toBe('crisis');
  });

  it.each([
    'ik ga dood van het lachen',
    'die rekeningen vermoorden me',
    'ik ben doodmoe van de kinderen',
    'ik schrok me dood van de brief',
    'mijn vader is vorig jaar overleden',
    'ik wil vrijwilliger worden bij 113 zelfmoordpreventie',
    'I am dying to know how this works',
    'this deadline is killing me',
    'ik denk niet aan zelfmoord, maar ik ben wel erg somber',
  ])('"%s" is not a crisis', (text) => {
    expect(u(text).crisis).toBe(false);
  });

  it('still finds a crisis after a harmless idiom in the same message', () => {
    expect(u('ik ga dood van het lachen om hem, maar soms wil ik echt dood').crisis).toBe(true);
  });
});

describe('maatwerk signals', () => {
  it.each([
    ['de deurwaarder komt morgen beslag leggen', 'urgent'],
    ['ze gaan mijn gas afsluiten', 'urgent'],
    ['ik kan niet meer zelf douchen', 'severe-limitation'],
    ['ik kan het niet meer aan, niemand helpt me', 'network-exhausted'],
    ['kan ik met een medewerker praten over mijn schulden', 'asks-person'],
  ])('"%s" raises %s', (text, signal) => {
    const result = u(text);
    expect(result.signals).toContain(signal);
    expect(result.maatwerk).toBe(true);
  });

  it('sees several problems at once', () => {
    const result = u('ik heb schulden, ik ben mijn baan kwijt en mijn zoon spijbelt en blowt');
    expect(result.signals).toContain('multi-problem');
  });

  it('raises nothing for a light question', () => {
    const result = u('waar is een leuke wandelgroep in de buurt');
    expect(result.maatwerk).toBe(false);
    expect(result.signals).toEqual([]);
  });
});

describe('commands', () => {
  it.each([
    ['help', 'help'],
    ['terug', 'back'],
    ['opnieuw beginnen', 'restart'],
    ['stop', 'stop'],
    ['vergeet mij', 'stop'],
    ['ik wil een medewerker spreken', 'human'],
    ['medewerker', 'human'],
    ['english please', 'language'],
    ['Nederlands', 'language'],
  ])('"%s" → %s', (text, command) => {
    expect(u(text).command).toBe(command);
  });

  it('does not take a sentence about something else for a command', () => {
    expect(u('ik wil stoppen met roken').command).toBeNull();
    expect(u('ik heb hulp nodig bij mijn schulden').command).toBeNull();
    expect(detectCommand(['terug', 'naar', 'school', 'na', 'ziekte'])).toBeNull();
  });

  it('names the language asked for', () => {
    expect(u('in english please').detail.commandLanguage).toBe('en');
    expect(u('nederlands').detail.commandLanguage).toBe('nl');
  });
});

describe('audience and language', () => {
  it('tells inwoner, mantelzorger and helper apart', () => {
    expect(u('ik heb schulden').audience).toBe('inwoner');
    expect(u('ik zorg voor mijn vader met parkinson en ben moe').audience).toBe('mantelzorger');
    expect(u('ik wil vrijwilliger worden').audience).toBe('helper');
    expect(u('hallo').audience).toBeNull();
  });

  it('detects English', () => {
    expect(u('I have debts and I do not know what to do').language).toBe('en');
    expect(u('ik heb schulden').language).toBe('nl');
  });
});

describe('bad input never crashes and gets a clear result', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   \n\t '],
    ['emoji only', '😢😢🙏'],
    ['phone number only', '06-12345678'],
    ['binary', Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x1b]).toString('latin1')],
  ])('%s', (_name, text) => {
    const result = u(text);
    expect(result.theme).toBeNull();
    expect(result.crisis).toBe(false);
    expect(result.command).toBeNull();
    expect(result.why.length).toBeGreaterThan(0);
  });

  it('gives kilobytes of binary data no theme and no maatwerk signal, however its bytes fall', () => {
    // Deterministic pseudo-random bytes: chance digits and letters once gave themes ('7', '4', '8' look like ages of
    // children) and the maatwerk word model something to go on.
    let state = 12345;
    const bytes = Buffer.alloc(5000);
    for (let i = 0; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      bytes[i] = state >>> 23;
    }
    for (const text of [bytes.toString('latin1'), bytes.toString('utf8')]) {
      for (let start = 0; start < text.length; start += 1000) {
        const result = u(text.slice(start, start + 1000));
        expect(result.theme).toBeNull();
        expect(result.themes).toEqual([]);
        expect(result.maatwerk).toBe(false);
        expect(result.crisis).toBe(false);
        expect(result.why.join(' ')).toMatch(/looks like data, not a typed message/);
      }
    }
  });

  it('still reads a typed message with a stray control character in it', () => {
    const result = u('ik heb schulden\u0000 en de deurwaarder komt morgen');
    expect(result.theme).toBe('geldzorgen');
    expect(result.why.join(' ')).not.toMatch(/looks like data/);
  });

  it('reads 100 KB of text fast and still finds a crisis deep inside it', () => {
    const filler = 'ik heb een vraag over de huur en de rekeningen. '.repeat(2000);
    const text = `${filler} ik wil niet meer leven. ${filler}`.slice(0, 100_000);
    const start = performance.now();
    const result = u(text);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(result.crisis).toBe(true);
    expect(result.theme).toBe('psychisch');
    expect(result.why.join(' ')).toMatch(/long message/);
  });
});

describe('theme index', () => {
  let built: ThemeIndex | undefined;
  const index = () => (built ??= new ThemeIndex(bundledContent()));
  const tokens = (text: string) => tokenize(normalize(text));

  it('finds an example message itself as the nearest example of its theme', () => {
    const file = bundledContent().examples.find((f) => f.theme === 'geldzorgen')!;
    const example = file.nl.find((text) => tokens(text).length >= 6)!;
    const nearest = index().nearestExamples(tokens(example)).get('geldzorgen');
    expect(nearest?.text).toBe(example);
    expect(nearest!.similarity).toBeCloseTo(1, 6);
  });

  it('gives the same nearest examples when asked twice (scratch space is cleared between messages)', () => {
    const themes = index();
    const first = [...themes.nearestExamples(tokens('ik heb schulden en de deurwaarder komt morgen'))];
    themes.nearestExamples(tokens('mijn moeder heeft dementie en ik kan niet meer'));
    expect([...themes.nearestExamples(tokens('ik heb schulden en de deurwaarder komt morgen'))]).toEqual(first);
  });

  it('gives the same evidence for a message before and after others (the evidence table is reset and grows)', () => {
    const themes = index();
    // A long story: more keys and entries than the table starts with, so it has to grow on the way.
    const story = bundledContent()
      .examples.flatMap((f) => f.nl.slice(0, 4))
      .join(' ');
    const short = 'ik heb schulden en de deurwaarder komt morgen';
    const first = themes.match(tokens(short), 'nl');
    const long = themes.match(tokens(story), 'nl');
    expect(long.scores.length).toBe(10);
    expect(themes.match(tokens(short), 'nl')).toEqual(first);
    expect(themes.match(tokens(story), 'nl')).toEqual(long);
    expect(first.scores[0]!.raw).toBeLessThan(long.scores[0]!.raw);
  });

  it('matches a phrase with at most one extra word between its words', () => {
    const reasons = (text: string) =>
      index()
        .match(tokens(text), 'nl')
        .scores.flatMap((s) => s.reasons)
        .join(' ');
    expect(reasons('ik zit de hele dag alleen')).toContain("matched phrase 'hele dag alleen'");
    expect(reasons('ik zit de hele lange dag alleen')).toContain("matched phrase 'hele dag alleen'");
    expect(reasons('ik zit de hele lange saaie dag alleen')).not.toContain("matched phrase 'hele dag alleen'");
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('schuldn', 'schulden', 2)).toBe(1);
    expect(editDistance('mantelzrog', 'mantelzorg', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('gives the plain optimal-string-alignment distance on random words, long ones included', () => {
    // The rows are reused between calls and grown for long words: compare with a fresh full table every time.
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const word = (length: number) => Array.from({ length }, () => 'abcde'[Math.floor(next() * 5)]).join('');
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const a = word(1 + Math.floor(next() * (n % 50 === 0 ? 90 : 12)));
      const b = next() < 0.5 ? word(Math.max(1, a.length + Math.floor(next() * 5) - 2)) : a.slice(0, -1) + 'x' + a.slice(2);
      const max = 1 + Math.floor(next() * 3);
      const expected = reference(a, b);
      expect(editDistance(a, b, max), `${a} ${b} ${max}`).toBe(expected <= max ? expected : max + 1);
      checked++;
    }
    expect(checked).toBe(400);
  });
});

describe('example postings', () => {
  it('finds every pair of stem numbers it was given, also after growing, and nothing else', () => {
    const table = new PairTable();
    const numbers: number[] = [];
    for (let a = 0; a < 400; a++) for (let b = 0; b < 250; b++) numbers.push(table.intern(a * 7, b * 3));
    expect(table.size).toBe(100_000);
    expect(new Set(numbers).size).toBe(100_000);
    expect(table.intern(0, 0)).toBe(numbers[0]);
    expect(table.find(399 * 7, 249 * 3)).toBe(numbers.at(-1));
    expect(table.find(12 * 7, 13 * 3)).toBe(numbers[12 * 250 + 13]);
    expect(table.find(1, 1)).toBe(-1);
    expect(table.find(3, 7)).toBe(-1);
  });

  it('groups uses per key and theme, themes in the order first used, as shares of the uses', () => {
    const keys = new IntList();
    const themes = new IntList();
    for (const [key, theme] of [[1, 4], [0, 2], [1, 3], [1, 4], [1, 4], [0, 2]] as const) {
      keys.push(key);
      themes.push(theme);
    }
    const postings = new Postings(keys, themes, 3, 5);
    expect([...postings.starts]).toEqual([0, 1, 3, 3]);
    expect([...postings.themes]).toEqual([2, 4, 3]);
    expect([...postings.weights]).toEqual([2, 3, 1]);
    postings.normalize();
    expect([...postings.weights]).toEqual([2 / 3, 3 / 5, 1 / 5]);
  });
});
