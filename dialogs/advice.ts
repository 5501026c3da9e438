// Choosing offerings for a theme and the person's answers, in route order: basis, netwerk, initiatief, maatwerk.
import type { Content } from '../src/content/types.js';
import type { Audience, OfferingFile, RouteId, Signal, ThemeFile } from '../src/content/schema.js';
import type { AdviceItem, Say } from './types.js';

/** How many offerings of each route we show at most: enough to choose, few enough to read on a phone. */
const PER_ROUTE: Record<RouteId, number> = { basis: 2, netwerk: 1, initiatief: 2, maatwerk: 1 };

export interface AdviceInput {
  themeId: string;
  audience: Audience | null;
  facts: Record<string, string | number | boolean>;
  answers: Record<string, string>;
  signals: Signal[];
}

/** The label key of the answer that set a fact, to say "omdat je vertelde: …". */
function answerThatSet(theme: ThemeFile, answers: Record<string, string>, fact: string, values: ReadonlyArray<unknown>): Say | null {
  for (const question of theme.questions) {
    const choice = question.choices.find((c) => c.id === answers[question.id]);
    if (choice && fact in choice.sets && values.some((v) => String(v) === String(choice.sets[fact]))) {
      return { key: `content:theme.${theme.id}.questions.${question.id}.choices.${choice.id}` };
    }
  }
  return null;
}

function fits(offering: OfferingFile, input: AdviceInput): { fits: boolean; because: OfferingFile['conditions'][number] | null } {
  if (input.audience && !offering.audiences.includes(input.audience) && !(input.audience === 'mantelzorger' && offering.audiences.includes('inwoner'))) {
    return { fits: false, because: null };
  }
  if (offering.conditions.length === 0) return { fits: true, because: null };
  for (const condition of offering.conditions) {
    const value = input.facts[condition.fact];
    if (value !== undefined && condition.in.some((v) => String(v) === String(value))) return { fits: true, because: condition };
  }
  // Facts the person skipped: a conditional offering may still fit, but only when nothing said it does not.
  const known = offering.conditions.some((c) => input.facts[c.fact] !== undefined);
  return { fits: !known, because: null };
}

export function selectAdvice(content: Content, input: AdviceInput): AdviceItem[] {
  const theme = content.themeById.get(input.themeId);
  if (!theme) return [];
  const maatwerkNeed = input.signals.length > 0;
  const items: AdviceItem[] = [];
  for (const route of content.routes) {
    const limit = route.id === 'maatwerk' && maatwerkNeed ? 2 : PER_ROUTE[route.id];
    const candidates = theme.offerings
      .map((id) => content.offeringById.get(id))
      .filter((o): o is OfferingFile => o !== undefined && o.route === route.id)
      .map((o) => ({ offering: o, ...fits(o, input) }))
      .filter((c) => c.fits)
      // Offerings that fit because of what the person told come first.
      .sort((a, b) => Number(b.because !== null) - Number(a.because !== null));
    for (const candidate of candidates.slice(0, limit)) {
      const told = candidate.because ? answerThatSet(theme, input.answers, candidate.because.fact, candidate.because.in) : null;
      const reason: Say = told
        ? { key: 'dialog:advice.reasonAnswer', params: { answer: `$t(${told.key})` } }
        : route.id === 'maatwerk' && maatwerkNeed
          ? { key: 'dialog:advice.reasonMaatwerk' }
          : { key: `dialog:advice.reasonRoute.${route.id}`, params: { theme: `$t(content:theme.${theme.id}.label)` } };
      items.push({ offeringId: candidate.offering.id, route: route.id, reason });
    }
  }
  return items;
}
