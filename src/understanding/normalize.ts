// Text normalization for matching: case, accents, punctuation, chat abbreviations, tokens.

/** Longest text we analyse; longer input is cut here (and the result says so) to keep a turn fast. */
export const MAX_ANALYSED_CHARS = 4000;

/**
 * Chat abbreviations and spoken forms, mapped to the written words the vocabulary uses.
 * Keys are whole tokens after lower-casing and accent folding.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  // Dutch
  mn: 'mijn',
  mijne: 'mijn',
  zn: 'zijn',
  ff: 'even',
  effe: 'even',
  idd: 'inderdaad',
  kvn: 'ik weet het niet', // "k weet (het) niet"
  kweenie: 'ik weet het niet',
  kwn: 'ik weet het niet',
  weetniet: 'weet niet',
  wn: 'weet niet',
  k: 'ik',
  kzit: 'ik zit',
  kben: 'ik ben',
  kheb: 'ik heb',
  kwil: 'ik wil',
  kga: 'ik ga',
  kweet: 'ik weet',
  kmoet: 'ik moet',
  kzie: 'ik zie',
  kvind: 'ik vind',
  tis: 'het is',
  tzijn: 'het zijn',
  nie: 'niet',
  ni: 'niet',
  nx: 'niks',
  nks: 'niks',
  da: 'dat',
  wa: 'wat',
  gwn: 'gewoon',
  gewn: 'gewoon',
  mss: 'misschien',
  miss: 'misschien',
  wss: 'waarschijnlijk',
  ws: 'waarschijnlijk',
  wrm: 'waarom',
  wnr: 'wanneer',
  hvl: 'hoeveel',
  zsm: 'zo snel mogelijk',
  ivm: 'in verband met',
  vd: 'van de',
  vh: 'van het',
  dnk: 'denk',
  aub: 'alsjeblieft',
  ajb: 'alsjeblieft',
  pls: 'alsjeblieft',
  plz: 'alsjeblieft',
  thx: 'bedankt',
  bvd: 'bedankt',
  iig: 'in ieder geval',
  sws: 'sowieso',
  egt: 'echt',
  echtt: 'echt',
  m: 'hem',
  em: 'hem',
  kids: 'kinderen',
  // English
  im: 'i am',
  ive: 'i have',
  cant: 'can not',
  cannot: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  wont: 'will not',
  idk: 'i do not know',
  plse: 'please',
  ur: 'your',
  bc: 'because',
  coz: 'because',
  cuz: 'because',
  wanna: 'want to',
  gonna: 'going to',
};

/** Lower case, accents folded, typographic quotes unified; keeps punctuation. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"');
}

const ENGLISH_OBJECT = new Set(['me', 'you', 'him', 'her', 'it', 'us', 'them', 'my', 'your', 'his', 'the', 'out']);
const ENGLISH_AUX = new Set(['will', 'would', 'wont', 'i', 'you', 'they', 'we', 'dont', 'doesnt', 'gonna', 'to', 'really']);

/**
 * Matching form of a text: folded, elisions joined (m'n → mn → mijn, 'k → ik), punctuation to spaces,
 * abbreviations expanded, whitespace collapsed. Sentence ends become " . " so phrase patterns do not
 * run across sentences.
 */
export function normalize(text: string): string {
  const folded = foldText(text)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b([a-z])'([a-z])\b/g, '$1$2') // m'n, z'n, d'r
    .replace(/(^|\s)'([kt])\s/g, '$1$2 ') // 'k heb, 't is
    .replace(/([a-z])'(s|t)\b/g, '$1$2') // it's, don't → dont (then expanded)
    .replace(/n't\b/g, 'nt')
    .replace(/[.!?;:]+(\s|$)/g, ' . ')
    .replace(/[^a-z0-9.\s-]+/g, ' ')
    .replace(/(^|\s)-+|-+(\s|$)/g, ' ')
    .replace(/([a-z])\.([a-z])/g, '$1 $2'); // o.a., bijv.e.d.: abbreviation dots are no sentence end
  const words = folded.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  for (const [i, word] of words.entries()) {
    // "burn-out", "e-mail": both joined and parts are useful; keep joined form for matching
    const joined = word.includes('-') ? word.replace(/-/g, '') : word;
    // English "miss" ("nobody will miss me") is not the Dutch chat "miss" (misschien).
    if (joined === 'miss' && (ENGLISH_OBJECT.has(words[i + 1] ?? '') || ENGLISH_AUX.has(words[i - 1] ?? ''))) {
      out.push(joined);
      continue;
    }
    out.push(ABBREVIATIONS[joined] ?? joined);
  }
  return out.join(' ').replace(/(?:\s*\.\s*)+/g, ' . ').trim().replace(/^\.\s*|\s*\.$/g, '');
}

/** Word tokens of a normalized text (sentence marks removed). */
export function tokenize(normalized: string): string[] {
  return normalized.split(/[\s.]+/).filter((t) => t.length > 0);
}

/** Dutch and English function words: no evidence on their own. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'de het een en of maar dat die dit deze ik je jij u hij zij ze we wij jullie mij me mijn jouw jou zijn haar ' +
    'hun ons onze is ben bent zijn was waren wordt worden word werd heb hebt heeft hebben had hadden kan kun kunt ' +
    'kunnen kon moet moeten mag mogen wil wilt willen zou zouden ga gaat gaan doe doet doen niet geen wel al ook ' +
    'nog nu dan als omdat want dus toen waar wat wie hoe waarom wanneer welke er hier daar in op aan van voor met ' +
    'bij naar uit over door om tot te zo heel erg veel meer weinig echt gewoon even alleen iets niets niks alles ' +
    'iemand niemand iedereen goed graag hallo hoi hey beste dag groet groeten bedankt dank alsjeblieft alstublieft ' +
    'ja nee oke ok misschien toch eigenlijk weet weten denk vind zeg zegt kom komt krijg krijgt sinds jaar maand ' +
    'week dagen tijd keer soms vaak altijd nooit laatste eerste andere ander zelf zelfs elkaar mensen man vrouw ' +
    'krijg krijgen kreeg ergens gratis maanden jaren weken uur nieuwe nieuw oud oude groot klein lang kort zit ' +
    'zitten zat staat staan stond ligt liggen gaat komen kwam ging gedaan doet maakt maken steeds weer beetje ' +
    'na tijdens zonder tegen via per elke ieder iedere hem hen zich mezelf jezelf ' +
    'goedemorgen goedemiddag goedenavond goeiemorgen hallootjes hey hee dag doei groetjes mvg vriendelijke ' +
    'the a an and or but that this these those i you he she it we they me my your his her our their is am are was ' +
    'were be been being have has had do does did can could will would should may might must not no yes to of in ' +
    'on at for with from by about as if so what who how why when where which there here just really very some ' +
    'any all more much many also too only even get got need help please hello hi thanks thank' +
    ' new'
  ).split(' '),
);

/** Words too general to count as evidence for a theme when they come from example sentences. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    'hulp help helpen hulpvraag vraag vragen probleem problemen zorgen zorg moeilijk lastig gemeente regelen ' +
    'nodig zoeken zoek terecht kan informatie info advies tips weet wie waar support problem problems issue ' +
    'iemand spreken praten bellen contact medewerker mens persoon gemeente wijkteam loket ' +
    'advice information municipality find looking where someone anyone'
  ).split(' '),
);
