import { describe, expect, it } from 'vitest';
import { isValidBsn, isValidIban, redact, type PiiKind } from '../src/privacy/redact.js';

const PHONE = '[telefoonnummer]';

describe('isValidBsn', () => {
  it('accepts numbers that pass the elfproef', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
  });

  it('reads eight digits with a leading zero', () => {
    // 012345672: 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 - 2 = 110 = 10 * 11
    expect(isValidBsn('12345672')).toBe(true);
    expect(isValidBsn('012345672')).toBe(true);
    expect(isValidBsn('12345678')).toBe(false);
  });

  it('rejects numbers that fail the elfproef, all zeros and anything that is not 8 or 9 digits', () => {
    for (const bad of ['123456789', '111222334', '000000000', '00000000', '1234567', '1234567820', '12345678a', '', '1234.56.782', '１２３４５６７８２']) {
      expect(isValidBsn(bad), bad).toBe(false);
    }
    expect(isValidBsn(undefined as unknown as string)).toBe(false);
  });
});

describe('isValidIban', () => {
  it('accepts valid IBANs with or without spaces, in any case', () => {
    for (const iban of [
      'NL91ABNA0417164300',
      'NL91 ABNA 0417 1643 00',
      'nl91abna0417164300',
      'BE68539007547034',
      'DE89370400440532013000',
      'DE89 3704 0044 0532 0130 00',
      'FR1420041010050500013M02606',
      'GB29NWBK60161331926819',
    ]) {
      expect(isValidIban(iban), iban).toBe(true);
    }
  });

  it('accepts other countries at 15-34 characters when mod-97 holds', () => {
    expect(isValidIban('LT121000011101001000')).toBe(true);
    expect(isValidIban('HR1210010051863000160')).toBe(true);
    expect(isValidIban('MT84MALT011000012345MTLCAST001S')).toBe(true);
  });

  it('rejects a changed digit, swapped digits, a wrong length and junk', () => {
    for (const bad of [
      'NL91ABNA0417164301',
      'NL19ABNA0417164300',
      'BE68539007547035',
      'DE89370400440532013001',
      'NL91ABNA041716430',
      'NL91ABNA04171643000',
      'BE685390075470340',
      'GB29NWBK6016133192681',
      'NL91ABNA0417164300!',
      '91NLABNA0417164300',
      '',
    ]) {
      expect(isValidIban(bad), bad).toBe(false);
    }
    expect(isValidIban(null as unknown as string)).toBe(false);
  });
});

describe('redact: BSN', () => {
  it.each(['123456782', '1234.56.782', '1234 56 782', '1234-56-782', '111 222 333', '111222333'])(
    'replaces %s',
    (bsn) => {
      expect(redact(`Mijn BSN is ${bsn}.`)).toEqual({ text: 'Mijn BSN is [bsn].', found: ['bsn'] });
    },
  );

  it('leaves nine digits that fail the elfproef, such as order numbers', () => {
    expect(redact('Bestelnummer 123456789 en 987654321')).toEqual({
      text: 'Bestelnummer 123456789 en 987654321',
      found: [],
    });
    expect(redact('1234.56.789').text).toBe('1234.56.789');
  });

  it('takes eight digits only right after a word naming a BSN', () => {
    expect(redact('bsn: 12345672').text).toBe('bsn: [bsn]');
    expect(redact('Mijn burgerservicenummer is 12345672').text).toBe('Mijn burgerservicenummer is [bsn]');
    expect(redact('Klantnummer 12345672').text).toBe('Klantnummer 12345672');
  });

  it('does not take a BSN out of a longer number or word', () => {
    expect(redact('1234567820').text).toBe('1234567820');
    expect(redact('A123456782').text).toBe('A123456782');
    expect(redact('€ 123.456.782').text).toBe('€ 123.456.782');
  });
});

describe('redact: IBAN', () => {
  it.each([
    'NL91ABNA0417164300',
    'NL91 ABNA 0417 1643 00',
    'nl91abna0417164300',
    'nl91 abna 0417 1643 00',
    'BE68539007547034',
    'BE68 5390 0754 7034',
    'DE89370400440532013000',
    'DE89 3704 0044 0532 0130 00',
    'LT12 1000 0111 0100 1000',
  ])('replaces %s', (iban) => {
    expect(redact(`Rekening ${iban} graag`)).toEqual({ text: 'Rekening [iban] graag', found: ['iban'] });
  });

  it('stops at the end of the IBAN even when a word or number follows', () => {
    expect(redact('BE68 5390 0754 7034 naam Jansen').text).toBe('[iban] naam Jansen');
    expect(redact('NL91 ABNA 0417 1643 00 2026').text).toBe('[iban] 2026');
    expect(redact('(NL91ABNA0417164300)').text).toBe('([iban])');
  });

  it('leaves an IBAN with one digit changed', () => {
    expect(redact('Rekening NL91ABNA0417164301').text).toBe('Rekening NL91ABNA0417164301');
    expect(redact('Rekening BE68 5390 0754 7035').found).not.toContain('iban');
  });
});

describe('redact: phone numbers', () => {
  it.each([
    '06-12345678',
    '06 12 34 56 78',
    '0612345678',
    '06 1234 5678',
    '06–12345678',
    '+31 6 12345678',
    '+31612345678',
    '+31 (0)6 12345678',
    '+31 06 12345678',
    '0031 6 12345678',
    '0031612345678',
    '020-1234567',
    '020 123 4567',
    '010 123 4567',
    '(020) 123 45 67',
    '(06) 12345678',
    '0118-123456',
    '0800-1234',
    '0900-1234',
    '0900 123 4567',
    '0800-0234567',
    '+32 470 12 34 56',
    '0032 470 12 34 56',
    '+32 2 123 45 67',
    '0470 12 34 56',
    '0470/12.34.56',
    '+44 20 7946 0958',
    '+31 111222333',
  ])('replaces %s', (phone) => {
    expect(redact(`Bel me op ${phone} na vijf uur`)).toEqual({ text: `Bel me op ${PHONE} na vijf uur`, found: ['phone'] });
  });

  it('finds numbers at the very start and end, next to punctuation and emoji', () => {
    expect(redact('0612345678').text).toBe(PHONE);
    expect(redact('Bel: 0612345678.').text).toBe(`Bel: ${PHONE}.`);
    expect(redact('📞0612345678👍').text).toBe(`📞${PHONE}👍`);
    expect(redact('tel:+31612345678,').text).toBe(`tel:${PHONE},`);
    expect(redact('Huisnummer 12 0612345678').text).toBe(`Huisnummer 12 ${PHONE}`);
  });

  it('reads digits from other scripts and no-break spaces', () => {
    expect(redact('رقمي ٠٦١٢٣٤٥٦٧٨ شكرا').text).toBe(`رقمي ${PHONE} شكرا`);
    expect(redact('06\u00a012\u00a034\u00a056\u00a078').text).toBe(PHONE);
  });

  it('does not take a number out of a longer number or word', () => {
    expect(redact('06123456789').text).toBe('06123456789');
    expect(redact('x0612345678').text).toBe('x0612345678');
    expect(redact('1234 0612 3456 7890').text).toBe('1234 0612 3456 7890');
  });
});

describe('redact: e-mail', () => {
  it.each([
    'jan@example.nl',
    'jan.jansen@gemeente.nl',
    'Jan.Jansen+wmo@Mail.Gemeente.NL',
    'j_de-vries99@sub.domain.example.co.uk',
    'info@xn--mller-kva.de',
    'jörg@müller.de',
    '0612345678@kpnmail.nl',
  ])('replaces %s', (email) => {
    expect(redact(`Mail ${email} graag`)).toEqual({ text: 'Mail [e-mail] graag', found: ['email'] });
  });

  it('keeps surrounding punctuation', () => {
    expect(redact('(jan@example.nl).').text).toBe('([e-mail]).');
    expect(redact('<jan@example.nl>, of mailto:piet@example.com!').text).toBe('<[e-mail]>, of mailto:[e-mail]!');
  });

  it('leaves things that are not addresses', () => {
    for (const text of ['jan@localhost', '@gemeente', 'jan@', 'a @ b.nl', 'prijs 5 @ 3.50']) {
      expect(redact(text), text).toEqual({ text, found: [] });
    }
  });
});

describe('redact: what must stay', () => {
  it.each([
    'Bel 112 bij nood',
    'Bel 113 als je aan zelfmoord denkt',
    'Vanaf 1 januari 2026',
    'Het kost € 1.234,56 per maand',
    'Het kost €1.234.567,89',
    'Postcode 1234 AB',
    'Op 12-05-2026 om 09:00',
    'Op 01-05-2026 14 uur',
    'Op 1/5/2026',
    'Open 09.00 12.00 13.00 17.00',
    'Open van 09:00-17:00 uur',
    'Kerkstraat 12, 1234 AB Amsterdam',
    'Hoofdweg 123-2 hoog',
    'Ordernummer 123456789',
    'Ik ben 42 en heb 3 kinderen',
    'Versie 2.0.1, kamer 0.12',
    'Zaaknummer Z-2026-001234',
    '',
  ])('%s', (text) => {
    expect(redact(text)).toEqual({ text, found: [] });
  });
});

describe('redact: keep and several items', () => {
  const text = 'Ik ben jan@example.nl, bel 06-12345678, BSN 123456782, rekening NL91ABNA0417164300, of 020-1234567.';

  it('replaces every item and lists each kind once, in order of first appearance', () => {
    expect(redact(text)).toEqual({
      text: `Ik ben [e-mail], bel ${PHONE}, BSN [bsn], rekening [iban], of ${PHONE}.`,
      found: ['email', 'phone', 'bsn', 'iban'],
    });
  });

  it('leaves the kinds to keep but still reports them', () => {
    expect(redact(text, { keep: ['phone'] })).toEqual({
      text: 'Ik ben [e-mail], bel 06-12345678, BSN [bsn], rekening [iban], of 020-1234567.',
      found: ['email', 'phone', 'bsn', 'iban'],
    });
    const all: PiiKind[] = ['bsn', 'iban', 'phone', 'email'];
    expect(redact(text, { keep: all }).text).toBe(text);
    expect(redact(text, { keep: [] }).text).toBe(redact(text).text);
  });

  it('does not let a kept item be read as another kind', () => {
    expect(redact('mail 0612345678@kpnmail.nl', { keep: ['email'] }).text).toBe('mail 0612345678@kpnmail.nl');
    expect(redact('NL91ABNA0417164300', { keep: ['iban'] }).text).toBe('NL91ABNA0417164300');
  });
});

describe('redact: robustness', () => {
  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, {}, [], Symbol('x')];
    for (const value of odd) {
      expect(redact(value as string)).toEqual({ text: '', found: [] });
    }
    expect(redact('bel 0612345678', { keep: 'phone' as unknown as PiiKind[] }).text).toBe(`bel ${PHONE}`);
    expect(redact('bel 0612345678', null as unknown as undefined).text).toBe(`bel ${PHONE}`);
  });

  it('handles emoji, combining marks, right-to-left text and lone surrogates', () => {
    const text = '👩‍👩‍👧 café é \u202eabc\u202c \ud800 x \udc00 🇳🇱 jan@example.nl 😀';
    expect(redact(text).text).toBe('👩‍👩‍👧 café é \u202eabc\u202c \ud800 x \udc00 🇳🇱 [e-mail] 😀');
  });

  it('redacts 100 KB of chat text in under 200 ms', () => {
    const line =
      'Hoi, ik ben Jan 😀 (jan.jansen+wmo@example.nl), bel 06-12345678 of +31 20 123 4567. BSN 1234.56.782, ' +
      'IBAN NL91 ABNA 0417 1643 00. Op 12-05-2026 om 09:00 kost het € 1.234,56; postcode 1234 AB, order 123456789.\n';
    const text = line.repeat(Math.ceil(100_000 / line.length));
    redact(line); // compile the patterns outside the timing
    const started = performance.now();
    const result = redact(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(200);
    expect(result.found).toEqual(['email', 'phone', 'bsn', 'iban']);
    expect(result.text).not.toMatch(/0417|06-12345678|123 4567|jan\.jansen|56\.782/);
    expect(result.text).toContain('123456789');
  });

  it.each([
    ['letters', 'a'],
    ['digits', '1'],
    ['zeros', '0'],
    ['spaced digits', '0 '],
    ['local-part characters', 'a.'],
    ['at signs', 'a@'],
    ['domains without a top-level domain', 'a@b.c1.'],
    ['plus signs', '+3'],
    ['IBAN-like groups', 'NL91 '],
    ['date-like pieces', '1-1-'],
    ['emoji', '😀'],
  ])('stays fast on 100 KB of repeated %s', (_name, unit) => {
    const text = unit.repeat(Math.ceil(100_000 / unit.length));
    const started = performance.now();
    const result = redact(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(typeof result.text).toBe('string');
  });

  it('stays fast on one huge e-mail-like run', () => {
    const text = `${'a.'.repeat(50_000)}@${'b-'.repeat(25_000)}`;
    const started = performance.now();
    redact(text);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
