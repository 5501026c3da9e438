import { describe, expect, it } from 'vitest';
import { normalize, tokenize } from '../src/understanding/normalize.js';
import { detectCommand } from '../src/understanding/commands.js';
import { ThemeIndex, editDistance } from '../src/understanding/theme-index.js';
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
});
