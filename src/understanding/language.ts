// Language of a message: Dutch or English, by function words (Dutch when unsure).
import type { Language } from '../content/schema.js';

const NL = new Set('de het een en ik je jij is niet wat hoe mijn met voor van dat die er ben heb zijn kan wil geen ook maar als naar nog wel bij door om te waar moet hebben weet'.split(' '));
const EN = new Set('the a and i you is not what how my with for of that this there am have has can want no also but if to still at by where must know are do does my me it'.split(' '));

export function detectLanguage(tokens: ReadonlyArray<string>): { language: Language; why: string | null } {
  let nl = 0;
  let en = 0;
  for (const t of tokens) {
    if (NL.has(t)) nl++;
    if (EN.has(t)) en++;
  }
  if (en > nl && en >= 1) return { language: 'en', why: `English function words (${en} vs ${nl})` };
  return { language: 'nl', why: null };
}
