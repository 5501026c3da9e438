// Privacy: find BSNs, IBANs, phone numbers and e-mail addresses in chat text and replace them before anything is stored.
//
// Written by hand rather than with a library: no package knows the BSN elfproef or the Dutch look-alikes that must
// stay (112, dates, amounts, postcodes), and IBAN mod-97 and the elfproef are a few lines each. Every pattern has a
// bounded length or starts only at the beginning of a run, so scanning stays linear on long or hostile input.

export type PiiKind = 'bsn' | 'iban' | 'phone' | 'email';

export interface Redaction {
  /** The text with every found item replaced by its placeholder, except the kinds asked to keep. */
  text: string;
  /** Kinds found (kept kinds included), each once, in order of first appearance. */
  found: PiiKind[];
}

export interface RedactOptions {
  /** Kinds to leave in the text, e.g. a callback number the person consented to share. */
  keep?: readonly PiiKind[];
}

const PLACEHOLDER: Record<PiiKind, string> = {
  bsn: '[bsn]',
  iban: '[iban]',
  phone: '[telefoonnummer]',
  email: '[e-mail]',
};

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** BSN elfproef on 9 digits (or 8, read with a leading zero, as older numbers are often written). */
export function isValidBsn(digits: string): boolean {
  if (typeof digits !== 'string' || !/^\d{8,9}$/.test(digits)) return false;
  const nine = digits.padStart(9, '0');
  if (nine === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (nine.charCodeAt(i) - 48);
  sum -= nine.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

// Lengths we are sure of; any other country is accepted at 15-34 characters when mod-97 holds.
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  NL: 18, BE: 16, DE: 22, FR: 27, GB: 22, LU: 20, AT: 20, CH: 21,
  ES: 24, IT: 27, PT: 25, IE: 22, DK: 18, NO: 15, SE: 24, FI: 18, PL: 28,
};

/** ISO 13616: spaces and case are ignored; length per country, then mod-97 must leave 1. */
export function isValidIban(iban: string): boolean {
  if (typeof iban !== 'string') return false;
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && compact.length !== expected) return false;
  return ibanMod97(compact) === 1;
}

/** Remainder of the rearranged IBAN (letters as 10-35), digit by digit so no big integers are needed. */
function ibanMod97(compactUpper: string): number {
  const rearranged = compactUpper.slice(4) + compactUpper.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    remainder = code <= 57 ? (remainder * 10 + (code - 48)) % 97 : (remainder * 100 + (code - 55)) % 97;
  }
  return remainder;
}

// ---------------------------------------------------------------------------------------------------------------
// Patterns. All use the u flag so that emoji and other astral characters count as one character in look-arounds.

// A letter, digit or combining mark right next to a match means it is part of a longer word or number.
const WORD = String.raw`\p{L}\p{N}\p{M}_`;
const WORD_CHAR = new RegExp(`^[${WORD}]`, 'u');

// E-mail: the local part may only start where a run of local-part characters starts, which keeps the scan linear.
const EMAIL_LOCAL = String.raw`[\p{L}\p{N}\p{M}._%+-]`;
const DOMAIN_LABEL = String.raw`[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?`;
const EMAIL = new RegExp(
  String.raw`(?<!${EMAIL_LOCAL})${EMAIL_LOCAL}+@(?:${DOMAIN_LABEL}\.)+(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[A-Za-z0-9-]{1,59})` +
    String.raw`(?![${WORD}-]|\.[\p{L}\p{N}])`,
  'gu',
);

// IBAN candidate: country, check digits, then up to 30 characters with optional single spaces (groups of four are
// usual). The candidate may run into the next word; ibanEnd() cuts it to the real length.
const IBAN_CANDIDATE = new RegExp(String.raw`(?<![${WORD}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}`, 'gu');

// Dates (12-05-2026, 1/5/26) are not reported, but claimed before phone numbers so that "01-05-2026 14 uur" does not
// read as a ten-digit number starting with 0.
const DATE = new RegExp(
  String.raw`(?<!\p{N}[.\/-]?)\d{1,2}([.\/-])\d{1,2}\1(?:\d{4}|\d{2})(?!\p{N}|[.\/-]\p{N})`,
  'gu',
);

// Phone numbers. One separator at most between digits: space, dot, slash (Belgian habit) or hyphen.
const SEP = String.raw`[ .\/-]`;
const DIGIT = String.raw`(?:${SEP}?\d)`;
const PHONE = new RegExp(
  // Not inside a word or number, and not right after "12," or "12:" (decimals, times).
  String.raw`(?<![${WORD}@+]|\p{N}[.,:\/-])(?:` +
    [
      // +31 / 0031 and +32 / 0032, with the "(0)" or the stray 0 people keep from the national form.
      String.raw`(?:\+|00)3[12]${SEP}?(?:\(0\)${SEP}?|0)?[1-9]${DIGIT}{7,8}`,
      // Any other country after "+": E.164 allows at most 15 digits.
      String.raw`\+[1-9]\d{0,2}${SEP}?(?:\(0\)${SEP}?)?\d${DIGIT}{5,11}`,
      // 0800 (free) and 0900/0906/0909 (paid) service numbers: four or seven digits after the prefix.
      String.raw`0(?:800|90[069])${DIGIT}{4}(?:${DIGIT}{3})?`,
      // Area code in parentheses: (06) 12345678, (020) 1234567, (0118) 123456.
      String.raw`\(0[1-9]\)${SEP}?\d${DIGIT}{7}`,
      String.raw`\(0[1-9]\d\)${SEP}?\d${DIGIT}{6}`,
      String.raw`\(0[1-9]\d{2}\)${SEP}?\d${DIGIT}{5}`,
      // Ten digits starting with 0: Dutch mobiles and landlines, Belgian mobiles (0470 12 34 56). Short numbers,
      // years, amounts and postcodes never have this shape.
      String.raw`0[1-9]${DIGIT}{8}`,
    ].join('|') +
    // Not followed by more of a word or number, nor by ".5", ":00" and the like.
    String.raw`)(?![${WORD}@]|[.,:\/-]\p{N})`,
  'gu',
);

// BSN as written in practice: 123456782, 1234.56.782, 1234 56 782, 123 456 782; eight digits when a zero was dropped.
// Three groups of three with dots are left out: that is how amounts are written.
const BSN = new RegExp(
  String.raw`(?<![${WORD}]|\p{N}[.,])(?:\d{9}|\d{4}([ .-])\d{2}\1\d{3}|\d{3}([ -])\d{3}\2\d{3}|\d{8})` +
    String.raw`(?![${WORD}]|[.,:-]\p{N})`,
  'gu',
);
// Eight digits pass the elfproef one time in eleven, so they only count right after a word that names a BSN.
const BSN_CUE = /(?:bsn|burgerservice|sofi)/i;

// ---------------------------------------------------------------------------------------------------------------
// Detection

interface Detector {
  /** null: a look-alike claimed only so that later detectors leave it alone. */
  kind: PiiKind | null;
  pattern: RegExp;
  /** End of the item found at `start` (may be shorter than the match), or null when it is not one. */
  accept: (match: string, start: number, work: string) => number | null;
}

interface Span {
  start: number;
  end: number;
  kind: PiiKind;
}

// Order is priority: an e-mail address may hold digits, an IBAN holds an account number, a phone number after +31
// may pass the elfproef by chance.
const DETECTORS: readonly Detector[] = [
  { kind: 'email', pattern: EMAIL, accept: (match, start) => start + match.length },
  { kind: 'iban', pattern: IBAN_CANDIDATE, accept: ibanEnd },
  { kind: null, pattern: DATE, accept: (match, start) => start + match.length },
  { kind: 'phone', pattern: PHONE, accept: (match, start) => start + match.length },
  { kind: 'bsn', pattern: BSN, accept: bsnEnd },
];

/** Longest valid IBAN at the start of the candidate that ends where a word ends (longest: better too much than too little). */
function ibanEnd(match: string, start: number, work: string): number | null {
  const chars: string[] = [];
  const ends: number[] = [];
  for (let i = 0; i < match.length; i++) {
    const ch = match.charAt(i);
    if (ch === ' ') continue;
    chars.push(ch.toUpperCase());
    ends.push(i + 1);
  }
  const known = IBAN_LENGTHS[(chars[0] ?? '') + (chars[1] ?? '')];
  const longest = Math.min(34, chars.length);
  for (let length = known ?? longest; length >= (known ?? 15); length--) {
    const relativeEnd = ends[length - 1];
    if (relativeEnd === undefined) continue;
    const end = start + relativeEnd;
    if (WORD_CHAR.test(work.slice(end, end + 2))) continue;
    if (ibanMod97(chars.slice(0, length).join('')) === 1) return end;
  }
  return null;
}

function bsnEnd(match: string, start: number, work: string): number | null {
  const digits = match.replace(/\D/g, '');
  if (digits.length === 8 && !BSN_CUE.test(work.slice(Math.max(0, start - 40), start))) return null;
  return isValidBsn(digits) ? start + match.length : null;
}

// Same-length folding so that indices still point into the original text: other scripts' digits (Arabic-Indic,
// Persian, Devanagari…) become ASCII digits, and no-break spaces and typographic dashes become plain separators.
// ASCII digits are left out up front: calling back for each of them would cost more than all the scanning.
const FOLDABLE = /(?![0-9])\p{Nd}|[\u00A0\u2007\u2009\u202F\u2010-\u2015\u2212]/gu;

function fold(text: string): string {
  return text.replace(FOLDABLE, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (ch.length !== 1) return ch; // astral digits would change the length
    if (code === 0x00a0 || code === 0x2007 || code === 0x2009 || code === 0x202f) return ' ';
    if (code >= 0x2010 && code <= 0x2015) return '-';
    if (code === 0x2212) return '-';
    return String(decimalDigitValue(code));
  });
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Unicode decimal digits come in runs of ten starting at zero; walk back to the start of the run. */
function decimalDigitValue(code: number): number {
  let runStart = code;
  while (runStart > 0 && code - runStart < 100 && DECIMAL_DIGIT.test(String.fromCharCode(runStart - 1))) runStart--;
  return (code - runStart) % 10;
}

function detect(work: string): Span[] {
  const taken = new Uint8Array(work.length);
  const spans: Span[] = [];
  for (const detector of DETECTORS) {
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(work)) !== null) {
      const start = match.index;
      const end = detector.accept(match[0], start, work);
      if (end !== null && end > start && isFree(taken, start, end)) {
        taken.fill(1, start, end);
        if (detector.kind !== null) spans.push({ start, end, kind: detector.kind });
        pattern.lastIndex = end;
      } else {
        // A shorter item may start inside a rejected match; patterns are bounded, so this stays linear.
        pattern.lastIndex = start + 1;
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function isFree(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i] === 1) return false;
  return true;
}

/**
 * Replace BSNs, IBANs, phone numbers and e-mail addresses by placeholders ([bsn], [iban], [telefoonnummer], [e-mail]).
 * Never throws: anything that is not a string yields empty text.
 */
export function redact(text: string, options?: RedactOptions): Redaction {
  if (typeof text !== 'string' || text.length === 0) return { text: '', found: [] };
  const keep = new Set<PiiKind>(Array.isArray(options?.keep) ? options.keep : []);
  const spans = detect(fold(text));

  const found: PiiKind[] = [];
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (!found.includes(span.kind)) found.push(span.kind);
    if (keep.has(span.kind)) continue;
    out += text.slice(at, span.start) + PLACEHOLDER[span.kind];
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, found };
}

/** The items of one kind in a text, as typed (e.g. the callback number a person gives after agreeing to be called). */
export function findAll(text: string, kind: PiiKind): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  return detect(fold(text))
    .filter((span) => span.kind === kind)
    .map((span) => text.slice(span.start, span.end).trim());
}
