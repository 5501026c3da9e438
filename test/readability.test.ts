import { describe, expect, it } from 'vitest';
import { checkDutchText, countSyllables, fleschDouma, splitSentences, textStats } from '../src/content/readability.js';

describe('Dutch syllable count', () => {
  it.each([
    ['de', 1],
    ['huis', 1],
    ['schuld', 1],
    ['rekening', 3],
    ['mantelzorger', 4],
    ['schuldhulpverlening', 5],
    ['sociaal', 3],
    ['radio', 3],
    ['theater', 3],
    ['financiële', 5],
    ['ruïne', 3],
    ['eeuw', 1],
    ['nieuw', 1],
    ['moeilijk', 2],
    ['gemeente', 3],
    ['aanvraagprocedure', 6],
    ['ijs', 1],
    ['mooi', 1],
  ])('%s has %i syllables', (word, expected) => {
    expect(countSyllables(word)).toBe(expected);
  });
});

describe('sentences', () => {
  it('splits on sentence ends and line breaks, not on times or amounts', () => {
    expect(splitSentences('Bel ons van 9.00 tot 17.00 uur. Het kost € 3,50.\nWe helpen je.')).toEqual([
      'Bel ons van 9.00 tot 17.00 uur.',
      'Het kost € 3,50.',
      'We helpen je.',
    ]);
  });
});

describe('Flesch-Douma', () => {
  it('gives no score to a text too short to score', () => {
    expect(fleschDouma(textStats('Bel ons.'))).toBeNull();
  });

  // Pairs of too hard → B1 from CONTENT.md: the checker must rank the B1 version clearly higher.
  const pairs: Array<[string, string]> = [
    [
      'Indien u in aanmerking wilt komen voor een maatwerkvoorziening dient u een aanvraagprocedure te doorlopen, waarna door de gemeente een zorgvuldig onderzoek naar uw persoonlijke omstandigheden en mogelijkheden zal worden ingesteld, hetgeen enige weken in beslag kan nemen.',
      'Wil je hulp die de gemeente speciaal voor jou regelt? Bel dan het wijkteam. Een adviseur komt bij je thuis. Jullie praten over wat je nodig hebt. Daarna hoor je binnen 8 weken wat de gemeente besluit.',
    ],
    [
      'Er kan contact worden opgenomen met de schuldhulpverleningsorganisatie, teneinde een betalingsregeling met de betreffende schuldeisers te kunnen bewerkstelligen.',
      'Je kunt bellen met de schuldhulp. Zij helpen je om een regeling te maken. Dan betaal je elke maand een klein bedrag. Zo los je je schulden stap voor stap af.',
    ],
  ];
  it.each(pairs)('scores the B1 rewrite higher than the hard text', (hard, easy) => {
    const hardScore = fleschDouma(textStats(`${hard} ${hard}`));
    const easyScore = fleschDouma(textStats(easy));
    expect(hardScore).not.toBeNull();
    expect(easyScore).not.toBeNull();
    expect(easyScore!).toBeGreaterThan(hardScore! + 25);
    expect(easyScore!).toBeGreaterThanOrEqual(60);
    expect(hardScore!).toBeLessThan(60);
  });

  it('warns about long sentences and words to avoid', () => {
    const findings = checkDutchText(pairs[0]![0]);
    expect(findings.some((f) => f.message.includes('sentence of'))).toBe(true);
    expect(findings.some((f) => f.text.toLowerCase().includes('aanvraagprocedure'))).toBe(true);
    expect(findings.some((f) => /je/.test(f.message))).toBe(true); // "u" → "je"
    expect(checkDutchText(pairs[0]![1])).toEqual([]);
  });
});
