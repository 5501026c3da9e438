// The structured summary an adviser sees on top of a conversation: the person's own words, theme, answers and facts,
// signals, the advice already given, audience, language and channel. In Dutch: the advisers' working language.
import type { Content } from '../content/types.js';
import type { KeuzehulpContext } from '../../dialogs/types.js';
import type { Translate } from './render.js';

export interface ConversationSummary {
  /** What the person wrote about their situation, redacted, oldest first. */
  story: string[];
  theme: { id: string; label: string } | null;
  /** Other themes the person was unsure between. */
  candidates: Array<{ id: string; label: string }>;
  answers: Array<{ question: string; answer: string }>;
  facts: Record<string, string | number | boolean>;
  signals: string[];
  advice: Array<{ offeringId: string; name: string; route: string }>;
  /** Short self-checks taken (the mantelzorgcheck) and their result: licht, middel, zwaar. */
  checks: Array<{ id: string; label: string; result: string }>;
  audience: string | null;
  language: string;
  channel: string;
  crisis: string | null;
}

export function buildSummary(context: KeuzehulpContext, content: Content, t: Translate): ConversationSummary {
  const theme = context.themeId ? content.themeById.get(context.themeId) : undefined;
  const answers: ConversationSummary['answers'] = [];
  for (const question of theme?.questions ?? []) {
    const answer = context.answers[question.id];
    if (!answer || answer === 'skip') continue;
    answers.push({
      question: t(`content:theme.${theme!.id}.questions.${question.id}.text`),
      answer: t(`content:theme.${theme!.id}.questions.${question.id}.choices.${answer}`),
    });
  }
  const label = (id: string) => ({ id, label: t(`content:theme.${id}.label`) });
  return {
    story: [...context.story],
    theme: context.themeId ? label(context.themeId) : null,
    candidates: context.candidates.filter((id) => id !== context.themeId && content.themeById.has(id)).map(label),
    answers,
    facts: { ...context.facts },
    signals: [...context.signals],
    advice: context.advice.map((a) => ({ offeringId: a.offeringId, name: t(`content:offering.${a.offeringId}.name`), route: a.route })),
    checks: Object.entries(context.checkResults ?? {}).map(([id, result]) => ({ id, label: t(`content:check.${id}.label`), result })),
    audience: context.audience,
    language: context.language,
    channel: context.channel,
    crisis: context.crisis,
  };
}
