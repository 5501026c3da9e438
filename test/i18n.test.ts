import { describe, expect, it } from 'vitest';
import { createI18n } from '../src/content/i18n.js';
import { bundledContent } from './helpers.js';

describe('i18n over the content', () => {
  it('resolves product sentences and content texts in nl and en', async () => {
    const i18n = await createI18n(bundledContent());
    expect(i18n.t('crisis.danger')).toBe('Ben je in direct gevaar? Bel 112.');
    expect(i18n.t('crisis.danger', { lng: 'en' })).toBe('Are you in immediate danger? Call 112.');
    expect(i18n.t('content:theme.geldzorgen.label')).toBe('Geldzorgen');
    expect(i18n.t('content:route.maatwerk.title', { lng: 'en' })).toBe('Tailored support');
    expect(i18n.t('product.assistant', { gemeente: 'Gemeente Voorbeeld' })).toBe('Ik ben de digitale hulp van Gemeente Voorbeeld. Ik ben geen mens.');
  });

  it('has a text for every question and choice of every theme in both languages', async () => {
    const content = bundledContent();
    const i18n = await createI18n(content);
    for (const lng of ['nl', 'en']) {
      for (const theme of content.themes) {
        for (const q of theme.questions) {
          expect(i18n.exists(`content:theme.${theme.id}.questions.${q.id}.text`, { lng })).toBe(true);
          for (const c of q.choices) expect(i18n.exists(`content:theme.${theme.id}.questions.${q.id}.choices.${c.id}`, { lng })).toBe(true);
        }
      }
    }
  });
});
