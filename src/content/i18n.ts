// i18next over the content: product sentences from locales/, and theme, route and offering texts as keys too.
import i18next, { type i18n, type Resource } from 'i18next';
import { LANGUAGES, type LocalText } from './schema.js';
import type { Content } from './types.js';

type Tree = { [key: string]: string | Tree };

/** Texts that live inside content files, as keys of the `content` namespace (content:theme.geldzorgen.label). */
function contentNamespace(content: Content, language: (typeof LANGUAGES)[number]): Tree {
  const text = (value: LocalText) => value[language];
  /** Questions of a theme or a check: their text, why we ask (when given), and their choices' labels. */
  const questionTree = (questions: ReadonlyArray<{ id: string; text: LocalText; why?: LocalText; choices: ReadonlyArray<{ id: string; label: LocalText }> }>): Tree => {
    const tree: Tree = {};
    for (const question of questions) {
      const choices: Tree = {};
      for (const choice of question.choices) choices[choice.id] = text(choice.label);
      tree[question.id] = { text: text(question.text), ...(question.why ? { why: text(question.why) } : {}), choices };
    }
    return tree;
  };
  const themes: Tree = {};
  for (const theme of content.themes) {
    themes[theme.id] = { label: text(theme.label), description: text(theme.description), questions: questionTree(theme.questions) };
  }
  const routes: Tree = {};
  for (const route of content.routes) routes[route.id] = { title: text(route.title), explanation: text(route.explanation) };
  const offerings: Tree = {};
  for (const o of content.offerings) {
    offerings[o.id] = { name: text(o.name), description: text(o.description), eligibility: text(o.eligibility), fees: text(o.fees), applicationProcess: text(o.applicationProcess) };
  }
  const safety: Tree = {};
  for (const n of content.safety.numbers) safety[n.id] = { name: text(n.name), what: text(n.what), hours: text(n.hours), cost: text(n.cost) };
  const checks: Tree = {};
  for (const check of content.checks) {
    const results: Tree = {};
    for (const result of check.results) results[result.id] = text(result.text);
    checks[check.id] = { label: text(check.label), offer: text(check.offer), note: text(check.note), questions: questionTree(check.questions), results };
  }
  return { theme: themes, route: routes, offering: offerings, safety, check: checks };
}

/** A fresh i18next instance for this content (one per process; tests may make their own). */
export async function createI18n(content: Content): Promise<i18n> {
  const resources: Resource = {};
  for (const language of LANGUAGES) {
    resources[language] = { ...content.locales[language], content: contentNamespace(content, language) };
  }
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: content.gemeente.defaultLanguage,
    fallbackLng: 'nl',
    supportedLngs: [...content.gemeente.languages],
    ns: Object.keys(resources.nl ?? {}),
    defaultNS: 'common',
    interpolation: {
      escapeValue: false, // channels render text as text, never as HTML
      // The gemeente's own details, available in every sentence.
      defaultVariables: {
        gemeente: content.gemeente.name,
        phone: content.gemeente.contact.phone,
        url: content.gemeente.contact.url,
      },
    },
    returnNull: false,
  });
  return instance;
}
