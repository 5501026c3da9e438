// The keuzehulp conversation as an XState machine: pure data and named actions and guards; replies are emitted.
// The theme questions come from content/themes/*.yaml and are walked generically: a new theme needs no code.
import { and, assertEvent, emit, enqueueActions, not, setup, assign } from 'xstate';
import type { Content } from '../src/content/types.js';
import type { CrisisCategoryId, Language, Signal, ThemeFile } from '../src/content/schema.js';
import { describeOpeningHours } from '../src/content/hours.js';
import { SKIP, answersInStory, resolveChoice, type ChoiceWords } from './choices.js';
import { selectAdvice } from './advice.js';
import { flattenLocale } from '../src/content/cross-check.js';
import type { ChoiceOption, Heard, KeuzehulpContext, KeuzehulpEvent, Priority, Reply } from './types.js';

/** Bump when a change makes stored snapshots unreadable; the engine then restarts those conversations politely. */
export const MACHINE_VERSION = 2;

/** At most this many questions before the first advice: a new user is done within three minutes. */
export const MAX_QUESTIONS_BEFORE_ADVICE = 6;
/** A theme is clear enough to go on without asking when its score is this high. */
const CLEAR_SCORE = 0.45;

type ReplyEvent = { type: 'reply'; reply: Reply };

const FOLLOW_UP = ['more', 'other', 'summary', 'adviser', 'done'] as const;

export function initialContext(): KeuzehulpContext {
  return {
    language: 'nl',
    channel: 'unknown',
    audience: null,
    story: [],
    themeId: null,
    candidates: [],
    asked: [],
    questionId: null,
    answers: {},
    facts: {},
    signals: [],
    questionsAsked: 0,
    advice: [],
    adviserOffered: false,
    choices: [],
    promptId: null,
    introducedTheme: null,
    crisis: null,
    handoff: null,
    consent: false,
    callbackMoment: null,
    check: null,
    checksOffered: [],
    checkResults: {},
    feedback: null,
  };
}

function addSignals(current: Signal[], more: ReadonlyArray<Signal>): Signal[] {
  return [...new Set([...current, ...more])];
}

function priorityOf(context: KeuzehulpContext): Priority {
  if (context.crisis || context.signals.includes('crisis')) return 'crisis';
  return context.signals.includes('urgent') ? 'urgent' : 'normal';
}

/** What the machine asks of the world it runs in (the engine provides it; tests may too). */
export interface MachineOptions {
  /** Can a person of the wijkteam take a conversation over right now (their opening hours)? Default: yes. */
  isAdviserAvailable?: () => boolean;
  /** The advisers' hours in words, per language, for "we are closed now" (default: from content). */
  adviserHours?: Partial<Record<Language, string>>;
}

/** Moments a person can pick for a callback. */
export const CALLBACK_MOMENTS = ['morning', 'afternoon', 'anytime'] as const;
/** Longest own words kept for a callback moment ("dinsdag na drie uur"). */
const MAX_MOMENT_CHARS = 80;

/** The machine, bound to one content library. */
export function createKeuzehulpMachine(content: Content, options: MachineOptions = {}) {
  const isAdviserAvailable = options.isAdviserAvailable ?? (() => true);
  const hoursText = (language: Language) => options.adviserHours?.[language] ?? describeOpeningHours(content.gemeente.adviser.hours, language);
  const themeIds = content.themes.map((t) => t.id);

  /** What a person may type for each choice id: dialogue choices, theme choices, theme names. */
  const words = new Map<string, string[]>([
    ['yes', ['ja', 'yes']],
    ['no', ['nee', 'no']],
    ['self', ['voor mezelf', 'mezelf', 'mijzelf', 'zelf', 'ikzelf', 'for me', 'myself', 'me']],
    ['carer', ['iemand anders', 'iemand voor wie ik zorg', 'voor mijn', 'mantelzorger', 'someone else', 'someone i care for', 'for my']],
    ['helper', ['ik wil helpen', 'anderen helpen', 'i want to help', 'help others']],
    ['more', ['meer', 'meer weten', 'meer over', 'more', 'tell me more', 'details']],
    ['other', ['iets anders', 'andere vraag', 'something else', 'another question', 'anders']],
    ['summary', ['samenvatting', 'overzicht', 'summary', 'overview']],
    ['adviser', ['adviseur', 'medewerker', 'praten', 'persoon', 'adviser', 'person', 'talk']],
    ['done', ['klaar', 'stoppen', 'dat was het', 'bedankt', 'dank je', 'dankjewel', 'done', 'thanks', 'thank you', 'that is all']],
    ['some', ['een beetje', 'soms', 'a bit', 'sometimes', 'beetje']],
    ['cancel', ['toch niet', 'annuleren', 'laat maar', 'cancel', 'never mind']],
    ['callback', ['ja', 'yes', 'graag', 'ja graag', 'bel me terug', 'terugbellen', 'terug bellen', 'call me back', 'call back']],
    ['contact', ['ik bel zelf', 'zelf bellen', 'i will call', 'call myself']],
    ['morning', ['ochtend', 'morgen', "'s ochtends", 'morning']],
    ['afternoon', ['middag', "'s middags", 'afternoon']],
    ['anytime', ['maakt niet uit', 'altijd', 'any time', 'anytime', "doesn't matter"]],
  ]);
  for (const theme of content.themes) {
    words.set(theme.id, [theme.label.nl, theme.label.en, ...theme.subthemes.flatMap((s) => [s.label.nl, s.label.en])]);
  }
  const questionWords = new Map<string, ChoiceWords>();
  for (const theme of content.themes) {
    for (const question of theme.questions) {
      const map = new Map<string, string[]>();
      for (const choice of question.choices) {
        map.set(choice.id, [choice.label.nl, choice.label.en, ...(choice.synonyms?.nl ?? []), ...(choice.synonyms?.en ?? [])]);
      }
      questionWords.set(`${theme.id}/${question.id}`, map);
    }
  }

  const dialogTexts = {
    nl: flattenLocale(content.locales.nl['dialog'] ?? {}),
    en: flattenLocale(content.locales.en['dialog'] ?? {}),
  };
  /** What the person sees on a button, in every language: typing it picks that choice. */
  function labelWords(choice: ChoiceOption): string[] {
    const [ns, key] = choice.key.split(':') as [string, string];
    if (ns === 'dialog') return [dialogTexts.nl.get(key), dialogTexts.en.get(key)].filter((x): x is string => !!x);
    const parts = key.split('.');
    if (parts[0] === 'offering') {
      const o = content.offeringById.get(parts[1]!);
      return o ? [o.name.nl, o.name.en] : [];
    }
    if (parts[0] === 'theme' && parts.length === 3) return words.get(parts[1]!) ?? [];
    // content:check.<id>.questions.<question>.choices.<choice>
    if (parts[0] === 'check' && parts.length === 6) {
      const label = content.checks.find((c) => c.id === parts[1])?.questions.find((q) => q.id === parts[3])?.choices.find((c) => c.id === parts[5])?.label;
      return label ? [label.nl, label.en] : [];
    }
    return [];
  }

  const theme = (context: KeuzehulpContext): ThemeFile | undefined =>
    context.themeId ? content.themeById.get(context.themeId) : undefined;
  const checkOf = (context: KeuzehulpContext) => (context.themeId ? content.checkByTheme.get(context.themeId) : undefined);
  /** The theme's check when it answers this question and was not offered yet. */
  const checkAnswering = (context: KeuzehulpContext, questionId: string) => {
    const check = checkOf(context);
    if (!check || context.checksOffered.includes(check.id)) return undefined;
    return check.results.some((r) => questionId in r.answers) ? check : undefined;
  };

  /** The next theme question whose conditions hold, or null (also when the question budget is spent). */
  function nextQuestion(context: KeuzehulpContext) {
    const t = theme(context);
    if (!t) return null;
    // One question stays in the budget for the person's own network.
    if (context.questionsAsked >= MAX_QUESTIONS_BEFORE_ADVICE - 1) return null;
    return (
      t.questions.find(
        (q) =>
          !(q.id in context.answers) &&
          q.when.every((c) => context.facts[c.fact] !== undefined && c.in.some((v) => String(v) === String(context.facts[c.fact]))),
      ) ?? null
    );
  }

  /** Guards and actions of one step ask the same question of the same event: answer it once. */
  const chosenMemo = new WeakMap<KeuzehulpEvent, { choices: ChoiceOption[]; questionId: string | null; result: string | null }>();

  /** Read a user.text or user.choice event as one of the offered choices. */
  function chosen(context: KeuzehulpContext, event: KeuzehulpEvent): string | null {
    const memo = chosenMemo.get(event);
    if (memo && memo.choices === context.choices && memo.questionId === context.questionId) return memo.result;
    const result = chooseUncached(context, event);
    chosenMemo.set(event, { choices: context.choices, questionId: context.questionId, result });
    return result;
  }

  function chooseUncached(context: KeuzehulpContext, event: KeuzehulpEvent): string | null {
    const offered = context.choices.map((c) => c.id);
    if (event.type === 'user.choice') return offered.includes(event.choiceId) || event.choiceId === SKIP ? event.choiceId : null;
    if (event.type !== 'user.text') return null;
    const t = theme(context);
    const own = t && context.questionId ? questionWords.get(`${t.id}/${context.questionId}`) : undefined;
    if (own) return resolveChoice(event.text, offered, own);
    const visible = new Map<string, string[]>();
    for (const choice of context.choices) visible.set(choice.id, [...(words.get(choice.id) ?? []), ...labelWords(choice)]);
    return resolveChoice(event.text, offered, visible);
  }

  /** "nee, ik bedoelde een uitkering": which earlier answer the person corrects, and to what. */
  function correctedAnswer(context: KeuzehulpContext, event: KeuzehulpEvent): { questionId: string; choiceId: string } | null {
    const t = theme(context);
    if (!t || event.type !== 'user.text' || !event.heard.correction) return null;
    const rest = event.text.replace(/^\s*(nee|neen|no|sorry)?\s*,?\s*(ik bedoel(de)?|eigenlijk|ik wilde zeggen|i meant|actually)\s*/i, '');
    for (const questionId of [...context.asked].reverse()) {
      if (!(questionId in context.answers)) continue;
      const question = t.questions.find((q) => q.id === questionId);
      const own = questionWords.get(`${t.id}/${questionId}`);
      if (!question || !own) continue;
      const choiceId = resolveChoice(rest, question.choices.map((c) => c.id), own, { labelsOnly: true });
      if (choiceId && choiceId !== context.answers[questionId]) return { questionId, choiceId };
    }
    return null;
  }

  /** Answers and their facts and signals, rebuilt from scratch (after a correction or a step back). */
  function factsOf(t: ThemeFile | undefined, answers: Record<string, string>): Pick<KeuzehulpContext, 'facts'> & { signals: Signal[] } {
    const facts: KeuzehulpContext['facts'] = {};
    let signals: Signal[] = [];
    for (const q of t?.questions ?? []) {
      const choice = q.choices.find((c) => c.id === answers[q.id]);
      if (choice) {
        Object.assign(facts, choice.sets);
        signals = addSignals(signals, choice.signals);
      }
    }
    return { facts, signals };
  }

  function heard(event: KeuzehulpEvent): Heard | null {
    return event.type === 'user.text' || event.type === 'user.crisis' ? event.heard : null;
  }

  /** Caring for someone is the mantelzorg theme's audience; wanting to help is the helpen theme's. */
  function audienceFor(themeId: string, current: KeuzehulpContext['audience']): KeuzehulpContext['audience'] {
    if (themeId === 'mantelzorg') return 'mantelzorger';
    if (themeId === 'helpen') return 'helper';
    return current === 'helper' ? null : current;
  }

  /** A fresh start on a theme, with the answers the person's own story already gave. */
  function prefilled(themeId: string, story: string): Partial<KeuzehulpContext> {
    const t = content.themeById.get(themeId);
    const answers = t ? answersInStory(story, t.questions) : {};
    const facts: KeuzehulpContext['facts'] = {};
    let signals: Signal[] = [];
    for (const question of t?.questions ?? []) {
      const choice = question.choices.find((c) => c.id === answers[question.id]);
      if (choice) {
        Object.assign(facts, choice.sets);
        signals = addSignals(signals, choice.signals);
      }
    }
    return { answers, facts, asked: [], questionId: null, candidates: [], signals };
  }

  const themeChoices = (ids: ReadonlyArray<string>): ChoiceOption[] => ids.map((id) => ({ id, key: `content:theme.${id}.label` }));

  return setup({
    types: {
      context: {} as KeuzehulpContext,
      events: {} as KeuzehulpEvent,
      emitted: {} as ReplyEvent,
    },
    actions: {
      /** Say one sentence. */
      say: emit((_, params: { key: string; params?: Record<string, string | number> }) => ({
        type: 'reply' as const,
        reply: { kind: 'text' as const, key: params.key, ...(params.params ? { params: params.params } : {}) },
      })),
      /** Ask a question with choices; free text is always allowed. */
      ask: enqueueActions(({ enqueue }, params: { key: string; choices: ChoiceOption[]; params?: Record<string, string | number> }) => {
        enqueue.assign({ choices: params.choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: params.key, choices: params.choices, allowText: true, ...(params.params ? { params: params.params } : {}) } });
      }),
      start: assign(({ event }) => {
        assertEvent(event, 'conversation.start');
        return { ...initialContext(), channel: event.channel, language: event.language };
      }),
      welcome: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:welcome.assistant', params: { gemeente: content.gemeente.name } } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:welcome.human' } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:welcome.privacy', params: { days: content.gemeente.retentionDays } } });
      }),
      askSituation: enqueueActions(({ enqueue, context }) => {
        const choices = themeChoices(themeIds);
        enqueue.assign({ choices, questionId: null, questionsAsked: Math.max(context.questionsAsked, 1) });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:situation.ask', choices, allowText: true } });
      }),
      rememberStory: assign(({ context, event }) => {
        if (event.type !== 'user.text' && event.type !== 'user.crisis') return {};
        return { story: [...context.story, event.text].slice(-10) };
      }),
      takeSignals: assign(({ context, event }) => {
        const h = heard(event);
        return h ? { signals: addSignals(context.signals, h.signals), audience: context.audience ?? h.audience } : {};
      }),
      /** Signals in a typed answer count ("ja, en de deurwaarder komt morgen"), but an answer like "iemand om mee
       *  te praten" to "Wat wil je het liefst?" is no request for an adviser. Nor does the maatwerk word model judge
       *  answers: it learned from whole questions, and an answer ("ik sta op de wachtlijst") is read by its choice. */
      takeAnswerSignals: assign(({ context, event }) => {
        const h = heard(event);
        return h ? { signals: addSignals(context.signals, h.signals.filter((sig) => sig !== 'asks-person' && sig !== 'like-maatwerk')) } : {};
      }),
      chooseHeardTheme: assign(({ context, event }) => {
        const h = heard(event);
        if (!h?.theme || h.theme === context.themeId) return {};
        const fresh = prefilled(h.theme, [...context.story, event.type === 'user.text' ? event.text : ''].join(' . '));
        return { themeId: h.theme, ...fresh, signals: addSignals(context.signals, fresh.signals ?? []), audience: audienceFor(h.theme, context.audience) };
      }),
      chooseTheme: assign(({ context, event }) => {
        const id = chosen(context, event);
        if (!id || !themeIds.includes(id)) return {};
        const fresh = prefilled(id, context.story.join(' . '));
        return { themeId: id, ...fresh, signals: addSignals(context.signals, fresh.signals ?? []), audience: audienceFor(id, context.audience) };
      }),
      offerCandidates: enqueueActions(({ enqueue, event, context }) => {
        const h = heard(event);
        const candidates = (h?.themes ?? []).map((t) => t.id).filter((id) => themeIds.includes(id)).slice(0, 3);
        const choices = [...themeChoices(candidates), { id: 'other', key: 'dialog:choice.other' }];
        enqueue.assign({ candidates, choices, promptId: 'clarify', questionsAsked: context.questionsAsked + (context.promptId === 'clarify' ? 0 : 1) });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:clarify.ask', choices, allowText: true } });
      }),
      askAudience: enqueueActions(({ enqueue, context }) => {
        const choices: ChoiceOption[] = [
          { id: 'self', key: 'dialog:audience.self' },
          { id: 'carer', key: 'dialog:audience.carer' },
        ];
        enqueue.assign({ choices, promptId: 'audience', questionsAsked: context.questionsAsked + (context.promptId === 'audience' ? 0 : 1) });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:audience.ask', choices, allowText: true } });
      }),
      setAudience: assign(({ context, event }) => {
        const id = chosen(context, event);
        return { audience: id === 'carer' ? 'mantelzorger' : id === 'self' ? 'inwoner' : context.audience ?? 'inwoner' };
      }),
      askQuestion: enqueueActions(({ enqueue, context }) => {
        const t = theme(context);
        const question = nextQuestion(context);
        // The theme's check is offered instead of the question it answers (the state moves on to offeringCheck).
        if (!t || !question || checkAnswering(context, question.id)) return;
        const choices = question.choices.map((c) => ({ id: c.id, key: `content:theme.${t.id}.questions.${question.id}.choices.${c.id}` }));
        // Asking again (after help, a language switch or an unclear answer) does not count as a new question.
        const again = context.questionId === question.id;
        enqueue.assign({
          choices,
          questionId: question.id,
          promptId: question.id,
          questionsAsked: again ? context.questionsAsked : context.questionsAsked + 1,
          asked: again ? context.asked : [...context.asked, question.id],
        });
        if (context.introducedTheme !== t.id) {
          enqueue.assign({ introducedTheme: t.id });
          enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:questions.intro', params: { theme: `$t(content:theme.${t.id}.label)` } } });
        }
        if (question.why) enqueue.emit({ type: 'reply', reply: { kind: 'text', key: `content:theme.${t.id}.questions.${question.id}.why` } });
        enqueue.emit({
          type: 'reply',
          reply: { kind: 'question', key: `content:theme.${t.id}.questions.${question.id}.text`, choices, allowText: true },
        });
      }),
      recordAnswer: enqueueActions(({ enqueue, context, event }) => {
        const t = theme(context);
        const id = chosen(context, event);
        if (!t || !context.questionId || !id) return;
        const question = t.questions.find((q) => q.id === context.questionId);
        const choice = question?.choices.find((c) => c.id === id);
        enqueue.assign({
          answers: { ...context.answers, [context.questionId]: id },
          facts: choice ? { ...context.facts, ...choice.sets } : context.facts,
          signals: choice ? addSignals(context.signals, choice.signals) : context.signals,
          questionId: null,
        });
        // "Ben je nu veilig?" — "Nee": the numbers at once, as for any crisis.
        if (choice?.signals.includes('crisis')) {
          const category = content.safety.categories.find((c) => c.theme === t.id) ?? content.safety.categories.find((c) => c.id === 'violence');
          if (category) {
            enqueue.assign({ crisis: category.id });
            enqueue.emit({ type: 'reply', reply: { kind: 'crisis', category: category.id, numbers: category.numbers } });
          }
        }
      }),
      correctAnswer: enqueueActions(({ enqueue, context, event }) => {
        const correction = correctedAnswer(context, event);
        if (!correction) return;
        const answers = { ...context.answers, [correction.questionId]: correction.choiceId };
        const rebuilt = factsOf(theme(context), answers);
        enqueue.assign({ answers, facts: rebuilt.facts, signals: addSignals(context.signals, rebuilt.signals) });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:correction' } });
      }),
      stepBack: assign(({ context }) => {
        // Forget the last answered question, so that it is asked again.
        const asked = [...context.asked];
        if (context.questionId) asked.pop(); // the question on screen was not answered yet
        const previous = asked.pop();
        if (!previous) return { questionId: null, asked: [] };
        const answers = { ...context.answers };
        delete answers[previous];
        const { facts } = factsOf(theme(context), answers);
        return { asked, answers, facts, questionId: null, questionsAsked: Math.max(1, context.questionsAsked - 2) };
      }),
      askNetwork: enqueueActions(({ enqueue, context }) => {
        const choices: ChoiceOption[] = [
          { id: 'yes', key: 'dialog:network.yes' },
          { id: 'some', key: 'dialog:network.some' },
          { id: 'no', key: 'dialog:network.no' },
        ];
        enqueue.assign({ choices, questionId: null, promptId: 'network', questionsAsked: context.questionsAsked + (context.promptId === 'network' ? 0 : 1) });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:network.ask', choices, allowText: true } });
      }),
      recordNetwork: assign(({ context, event }) => {
        const id = chosen(context, event);
        return {
          facts: { ...context.facts, network: id ?? SKIP },
          signals: id === 'no' ? addSignals(context.signals, ['network-exhausted']) : context.signals,
        };
      }),
      giveAdvice: enqueueActions(({ enqueue, context }) => {
        if (!context.themeId) return;
        const items = selectAdvice(content, {
          themeId: context.themeId,
          audience: context.audience,
          facts: context.facts,
          answers: context.answers,
          signals: context.signals,
        });
        enqueue.assign({ advice: items });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: items.length > 0 ? 'dialog:advice.intro' : 'dialog:advice.none' } });
        if (items.length > 0) enqueue.emit({ type: 'reply', reply: { kind: 'advice', items } });
      }),
      askFollowUp: enqueueActions(({ enqueue }) => {
        const choices: ChoiceOption[] = FOLLOW_UP.map((id) => ({ id, key: `dialog:followUp.${id}` }));
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:followUp.ask', choices, allowText: true } });
      }),
      askWhichOffering: enqueueActions(({ enqueue, context }) => {
        const choices: ChoiceOption[] = context.advice.slice(0, 10).map((a) => ({ id: a.offeringId, key: `content:offering.${a.offeringId}.name` }));
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:offering.ask', choices, allowText: true } });
      }),
      showOffering: enqueueActions(({ enqueue, context, event }) => {
        const id = chosen(context, event);
        if (id && content.offeringById.has(id)) enqueue.emit({ type: 'reply', reply: { kind: 'offering', offeringId: id } });
      }),
      showSummary: emit({ type: 'reply', reply: { kind: 'summary' } }),
      offerAdviser: enqueueActions(({ enqueue, context }) => {
        const choices: ChoiceOption[] = [
          { id: 'yes', key: 'dialog:adviser.yes' },
          { id: 'no', key: 'dialog:adviser.no' },
        ];
        enqueue.assign({ choices, adviserOffered: true });
        const key = context.crisis ? 'dialog:adviser.askCrisis' : context.signals.length > 0 ? 'dialog:adviser.askMaatwerk' : 'dialog:adviser.ask';
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key, choices, allowText: true, params: { team: `$t(dialog:team)` } } });
      }),
      askConsent: enqueueActions(({ enqueue }) => {
        const choices: ChoiceOption[] = [
          { id: 'yes', key: 'dialog:consent.yes' },
          { id: 'no', key: 'dialog:consent.no' },
        ];
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:consent.ask', choices, allowText: true } });
      }),
      requestHandoff: enqueueActions(({ enqueue, context }) => {
        const priority = priorityOf(context);
        enqueue.assign({ consent: true, handoff: { status: 'requested', priority, adviserName: null } });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'requested', priority } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:handoff.requested' } });
      }),
      offerCallback: enqueueActions(({ enqueue, context }) => {
        const choices: ChoiceOption[] = [
          { id: 'callback', key: 'dialog:callback.yes' },
          { id: 'contact', key: 'dialog:callback.contact' },
          { id: 'no', key: 'dialog:callback.no' },
        ];
        enqueue.assign({ choices, consent: true });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:callback.closedNow', params: { team: `$t(dialog:team)`, hours: hoursText(context.language) } } });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:callback.ask', choices, allowText: true } });
      }),
      askCallbackMoment: enqueueActions(({ enqueue }) => {
        const choices: ChoiceOption[] = CALLBACK_MOMENTS.map((id) => ({ id, key: `dialog:callback.moment.${id}` }));
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:callback.askMoment', choices, allowText: true } });
      }),
      takeCallbackMoment: assign(({ context, event }): Partial<KeuzehulpContext> => {
        const id = chosen(context, event);
        if (id && (CALLBACK_MOMENTS as readonly string[]).includes(id)) return { callbackMoment: id };
        return { callbackMoment: event.type === 'user.text' ? event.text.trim().slice(0, MAX_MOMENT_CHARS) : 'anytime' };
      }),
      askCallbackPhone: enqueueActions(({ enqueue }) => {
        enqueue.assign({ choices: [] });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:callback.askPhone' } });
      }),
      requestCallback: enqueueActions(({ enqueue, context, event }) => {
        assertEvent(event, 'user.text');
        // The number goes out in this turn's replies only: it is never kept in the dialogue's own state.
        enqueue.emit({ type: 'reply', reply: { kind: 'callback', phone: event.phone ?? '', moment: context.callbackMoment ?? 'anytime', priority: priorityOf(context) } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:callback.confirmed', params: { days: content.gemeente.adviser.responseWorkingDays } } });
        enqueue.assign({ callbackMoment: null });
      }),
      offerCheck: enqueueActions(({ enqueue, context }) => {
        const check = checkOf(context);
        if (!check) return;
        const choices: ChoiceOption[] = [
          { id: 'yes', key: 'dialog:check.yes' },
          { id: 'no', key: 'dialog:check.no' },
        ];
        enqueue.assign({
          choices,
          promptId: 'check',
          checksOffered: context.checksOffered.includes(check.id) ? context.checksOffered : [...context.checksOffered, check.id],
        });
        if (context.introducedTheme !== check.theme) {
          enqueue.assign({ introducedTheme: check.theme });
          enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:questions.intro', params: { theme: `$t(content:theme.${check.theme}.label)` } } });
        }
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: `content:check.${check.id}.offer`, choices, allowText: true } });
      }),
      startCheck: assign(({ context }) => {
        const check = checkOf(context);
        return check ? { check: { id: check.id, answers: {}, questionId: null } } : {};
      }),
      askCheckQuestion: enqueueActions(({ enqueue, context }) => {
        const check = context.check ? content.checks.find((c) => c.id === context.check!.id) : undefined;
        const question = check?.questions.find((q) => !(q.id in context.check!.answers));
        if (!check || !question) {
          if (context.check) enqueue.assign({ check: { ...context.check, questionId: null } });
          return;
        }
        const choices = question.choices.map((c) => ({ id: c.id, key: `content:check.${check.id}.questions.${question.id}.choices.${c.id}` }));
        enqueue.assign({ choices, promptId: `${check.id}/${question.id}`, check: { ...context.check!, questionId: question.id } });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: `content:check.${check.id}.questions.${question.id}.text`, choices, allowText: true } });
      }),
      recordCheckAnswer: assign(({ context, event }) => {
        const id = chosen(context, event);
        if (!context.check?.questionId || !id) return {};
        return { check: { ...context.check, answers: { ...context.check.answers, [context.check.questionId]: id }, questionId: null } };
      }),
      /** The check's result: said to the person, and answering the theme's own question(s) with facts and signals. */
      finishCheck: enqueueActions(({ enqueue, context }) => {
        const check = context.check ? content.checks.find((c) => c.id === context.check!.id) : undefined;
        if (!check || !context.check) return;
        const taken = context.check.answers;
        const total = check.questions.reduce((sum, q) => sum + (q.choices.find((c) => c.id === taken[q.id])?.points ?? 0), 0);
        const result = check.results.find((r) => total <= r.max) ?? check.results.at(-1)!;
        const t = theme(context);
        let facts = context.facts;
        let signals = context.signals;
        for (const [questionId, choiceId] of Object.entries(result.answers)) {
          const choice = t?.questions.find((q) => q.id === questionId)?.choices.find((c) => c.id === choiceId);
          if (!choice) continue;
          facts = { ...facts, ...choice.sets };
          signals = addSignals(signals, choice.signals);
        }
        enqueue.assign({
          check: null,
          answers: { ...context.answers, ...result.answers },
          facts,
          signals,
          checkResults: { ...context.checkResults, [check.id]: result.id },
          // The check stands in for the theme question it answers: it counts as one question of the budget.
          questionsAsked: context.questionsAsked + 1,
        });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: `content:check.${check.id}.results.${result.id}` } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: `content:check.${check.id}.note` } });
      }),
      dropCheck: assign({ check: null }),
      cancelHandoff: enqueueActions(({ enqueue, context }) => {
        enqueue.assign({ handoff: null });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'cancelled', priority: priorityOf(context) } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:handoff.cancelled' } });
      }),
      adviserJoined: enqueueActions(({ enqueue, context, event }) => {
        assertEvent(event, 'handoff.accepted');
        const priority = priorityOf(context);
        enqueue.assign({ handoff: { status: 'accepted', priority, adviserName: event.adviserName } });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'accepted', priority, adviserName: event.adviserName } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:handoff.accepted', params: { name: event.adviserName, team: `$t(dialog:team)` } } });
      }),
      adviserLeft: enqueueActions(({ enqueue, context }) => {
        const priority = priorityOf(context);
        enqueue.assign({ handoff: context.handoff ? { ...context.handoff, status: 'returned' } : null });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'returned', priority } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:handoff.returned' } });
      }),
      handoffFailed: enqueueActions(({ enqueue, context }) => {
        enqueue.assign({ handoff: null });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'failed', priority: priorityOf(context) } });
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:handoff.failed', params: { phone: content.gemeente.contact.phone } } });
      }),
      handoffClosed: enqueueActions(({ enqueue, context }) => {
        enqueue.assign({ handoff: context.handoff ? { ...context.handoff, status: 'closed' } : null });
        enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'closed', priority: priorityOf(context) } });
      }),
      sayCrisis: enqueueActions(({ enqueue, context, event }) => {
        const h = heard(event);
        const categories: CrisisCategoryId[] = h?.crisisCategories.length ? h.crisisCategories : ['suicide'];
        // Every number that fits, most fitting first; a medical emergency puts 112 in front.
        const numbers = [...new Set(categories.flatMap((id) => content.safety.categories.find((c) => c.id === id)?.numbers ?? ['alarm']))];
        const category = categories.includes('medical') ? 'medical' : categories[0]!;
        enqueue.assign({ crisis: category, signals: addSignals(context.signals, ['crisis']) });
        enqueue.emit({ type: 'reply', reply: { kind: 'crisis', category, numbers } });
      }),
      askFeedback: enqueueActions(({ enqueue }) => {
        const choices: ChoiceOption[] = ['1', '2', '3', '4', '5'].map((n) => ({ id: `score-${n}`, key: `dialog:feedback.score${n}` }));
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:feedback.ask', choices, allowText: true } });
      }),
      recordFeedback: assign(({ context, event }) => {
        const id = chosen(context, event);
        const score = id?.startsWith('score-') ? Number(id.slice(6)) : null;
        return { feedback: score };
      }),
      sayGoodbye: emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:goodbye' } }),
      askStop: enqueueActions(({ enqueue }) => {
        const choices: ChoiceOption[] = [
          { id: 'yes', key: 'dialog:stop.yes' },
          { id: 'no', key: 'dialog:stop.no' },
        ];
        enqueue.assign({ choices });
        enqueue.emit({ type: 'reply', reply: { kind: 'question', key: 'dialog:stop.ask', choices, allowText: true } });
      }),
      deleteConversation: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'reply', reply: { kind: 'text', key: 'dialog:stop.done' } });
        enqueue.emit({ type: 'reply', reply: { kind: 'delete' } });
      }),
      setLanguage: assign(({ context, event }) => {
        assertEvent(event, 'command.language');
        const language = event.language ?? (context.language === 'nl' ? 'en' : 'nl');
        return { language: content.gemeente.languages.includes(language) ? language : context.language };
      }),
      resetConversation: enqueueActions(({ enqueue, context }) => {
        // Starting over while waiting for (or talking with) an adviser takes the question out of the queue.
        if (context.handoff?.status === 'requested' || context.handoff?.status === 'accepted') {
          enqueue.emit({ type: 'reply', reply: { kind: 'handoff', status: 'cancelled', priority: priorityOf(context) } });
        }
        enqueue.assign({ ...initialContext(), channel: context.channel, language: context.language });
      }),
    },
    guards: {
      isClearTheme: ({ event }) => {
        const h = heard(event);
        return !!h?.theme && (h.themes[0]?.score ?? 0) >= CLEAR_SCORE && (h.themes[1]?.score ?? 0) < (h.themes[0]?.score ?? 0) - 0.08;
      },
      hasCandidates: ({ event }) => (heard(event)?.themes.length ?? 0) > 0,
      isOutOfScope: ({ event }) => !!heard(event)?.outOfScope,
      isThemeChoice: ({ context, event }) => {
        const id = chosen(context, event);
        return id !== null && themeIds.includes(id);
      },
      isOtherChoice: ({ context, event }) => chosen(context, event) === 'other',
      needsAudience: ({ context }) =>
        context.questionsAsked < MAX_QUESTIONS_BEFORE_ADVICE - 2 &&
        context.audience === null && !!theme(context)?.audiences.includes('mantelzorger') && context.themeId !== 'mantelzorg',
      isWaitingForAnswer: ({ context }) => context.questionId !== null,
      isAnswer: ({ context, event }) => chosen(context, event) !== null,
      isCorrection: ({ context, event }) => {
        const h = heard(event);
        return !!h?.theme && h.theme !== context.themeId && (h.correction || (h.themes[0]?.score ?? 0) >= 0.75);
      },
      /** An answer that says the person is not safe now ("Ben je nu veilig?" — "Nee"). */
      isCrisisAnswer: ({ context, event }) => {
        const id = chosen(context, event);
        const question = theme(context)?.questions.find((q) => q.id === context.questionId);
        return !!question?.choices.find((c) => c.id === id)?.signals.includes('crisis');
      },
      isAnswerCorrection: ({ context, event }) => correctedAnswer(context, event) !== null,
      isCancel: ({ event }) => event.type === 'user.text' && resolveChoice(event.text, ['cancel'], words, { labelsOnly: true }) === 'cancel',
      hasThemeInProgress: ({ context }) => context.themeId !== null,
      needsNetworkQuestion: ({ context }) => {
        // The question budget is spent (after a clarification or a change of theme): advice comes first.
        if (context.questionsAsked >= MAX_QUESTIONS_BEFORE_ADVICE) return false;
        const networkQuestion = theme(context)?.networkQuestion;
        return !networkQuestion || !(networkQuestion in context.answers) || context.answers[networkQuestion] === SKIP;
      },
      isMaatwerk: ({ context }) => context.signals.length > 0 && !context.adviserOffered,
      isChoice: ({ context, event }, params: { id: string }) => chosen(context, event) === params.id,
      hasAdvice: ({ context }) => context.advice.length > 0,
      hasAnsweredQuestions: ({ context }) => context.asked.length > (context.questionId ? 1 : 0),
      isAdviserAvailable: (_args) => isAdviserAvailable(),
      /** The theme has a short check not offered yet, and the person's story did not already answer what it tells. */
      needsCheck: ({ context }) => {
        const next = context.questionId === null ? nextQuestion(context) : null;
        return next !== null && checkAnswering(context, next.id) !== undefined;
      },
      isCheckWaiting: ({ context }) => context.check?.questionId != null,
      hasPhone: ({ event }) => event.type === 'user.text' && event.phone !== undefined && event.phone !== '',
      isInHandoff: ({ context }) => context.handoff?.status === 'requested' || context.handoff?.status === 'accepted',
    },
  }).createMachine({
    id: 'keuzehulp',
    context: initialContext,
    initial: 'start',
    on: {
      // Safety first, in every state: the numbers at once, then the offer of a person with priority.
      'user.crisis': [
        { guard: 'isInHandoff', actions: ['rememberStory', 'sayCrisis'] },
        { target: '.offeringAdviserNow', actions: ['rememberStory', 'takeSignals', 'sayCrisis'] },
      ],
      'command.help': { target: '.main.hist', actions: { type: 'say', params: { key: 'dialog:help' } } },
      'command.language': { target: '.main.hist', actions: ['setLanguage', { type: 'say', params: { key: 'dialog:language.changed' } }] },
      'command.restart': { target: '.main.askingSituation', actions: ['resetConversation', { type: 'say', params: { key: 'dialog:restart' } }] },
      'command.stop': { target: '.confirmingStop' },
      'command.human': [
        { guard: 'isInHandoff', actions: { type: 'say', params: { key: 'dialog:handoff.already' } } },
        { target: '.main.askingConsent' },
      ],
      'session.expired': { target: '.main.closed', actions: { type: 'say', params: { key: 'dialog:expired' } } },
    },
    states: {
      start: {
        on: { 'conversation.start': { target: 'main.askingSituation', actions: ['start', 'welcome'] } },
      },
      main: {
        initial: 'askingSituation',
        states: {
          hist: { type: 'history', history: 'shallow' },
          askingSituation: {
            entry: 'askSituation',
            on: {
              'user.text': [
                { guard: 'isOutOfScope', target: 'askingSituation', reenter: true, actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { guard: 'isClearTheme', target: 'themeChosen', actions: ['rememberStory', 'takeSignals', 'chooseHeardTheme'] },
                { guard: 'hasCandidates', target: 'clarifyingTheme', actions: ['rememberStory', 'takeSignals'] },
                { target: 'askingSituation', reenter: true, actions: ['rememberStory', { type: 'say', params: { key: 'dialog:situation.notUnderstood' } }] },
              ],
              'user.choice': [{ guard: 'isThemeChoice', target: 'themeChosen', actions: 'chooseTheme' }],
              'command.back': { actions: { type: 'say', params: { key: 'dialog:back.first' } } },
            },
          },
          clarifyingTheme: {
            entry: 'offerCandidates',
            on: {
              'user.choice': [
                { guard: 'isThemeChoice', target: 'themeChosen', actions: 'chooseTheme' },
                { guard: 'isOtherChoice', target: 'askingSituation', actions: { type: 'say', params: { key: 'dialog:clarify.other' } } },
              ],
              'user.text': [
                { guard: 'isThemeChoice', target: 'themeChosen', actions: 'chooseTheme' },
                { guard: 'isOtherChoice', target: 'askingSituation', actions: { type: 'say', params: { key: 'dialog:clarify.other' } } },
                { guard: 'isClearTheme', target: 'themeChosen', actions: ['rememberStory', 'takeSignals', 'chooseHeardTheme'] },
                { guard: 'isOutOfScope', target: 'askingSituation', actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { target: 'clarifyingTheme', reenter: true, actions: ['rememberStory', 'takeSignals'] },
              ],
              'command.back': { target: 'askingSituation' },
            },
          },
          themeChosen: {
            always: [{ guard: 'needsAudience', target: 'askingAudience' }, { target: 'askingQuestions' }],
          },
          // A short self-check (the mantelzorgcheck), offered once where the theme would ask what it measures
          // ("Hoe zwaar is de zorg?"); its result answers that question, with its facts and signals.
          offeringCheck: {
            entry: 'offerCheck',
            on: {
              'user.choice': [{ guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'takingCheck', actions: 'startCheck' }, { target: 'askingQuestions' }],
              'user.text': [
                { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'takingCheck', actions: 'startCheck' },
                { guard: { type: 'isChoice', params: { id: 'no' } }, target: 'askingQuestions' },
                { guard: 'isOutOfScope', target: 'offeringCheck', reenter: true, actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { target: 'offeringCheck', reenter: true, actions: ['rememberStory', 'takeSignals', { type: 'say', params: { key: 'dialog:answer.notUnderstood' } }] },
              ],
              'command.back': { target: 'askingQuestions' },
            },
          },
          takingCheck: {
            entry: 'askCheckQuestion',
            always: { guard: not('isCheckWaiting'), target: 'askingQuestions', actions: 'finishCheck' },
            on: {
              'user.choice': [{ guard: 'isAnswer', target: 'takingCheck', reenter: true, actions: 'recordCheckAnswer' }],
              'user.text': [
                { guard: 'isAnswer', target: 'takingCheck', reenter: true, actions: ['takeAnswerSignals', 'recordCheckAnswer'] },
                { guard: 'isCancel', target: 'askingQuestions', actions: 'dropCheck' },
                { guard: 'isOutOfScope', target: 'takingCheck', reenter: true, actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { target: 'takingCheck', reenter: true, actions: ['rememberStory', 'takeSignals', { type: 'say', params: { key: 'dialog:answer.notUnderstood' } }] },
              ],
              'command.back': { target: 'askingQuestions', actions: 'dropCheck' },
            },
          },
          askingAudience: {
            entry: 'askAudience',
            on: {
              'user.choice': { target: 'askingQuestions', actions: 'setAudience' },
              'user.text': [
                { guard: 'isAnswer', target: 'askingQuestions', actions: 'setAudience' },
                { target: 'askingAudience', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'askingSituation' },
            },
          },
          askingQuestions: {
            entry: 'askQuestion',
            // Entry asked the next question; when there was none left, go on to the person's network.
            always: [
              { guard: 'needsCheck', target: 'offeringCheck' },
              { guard: and([not('isWaitingForAnswer'), 'needsNetworkQuestion']), target: 'askingNetwork' },
              { guard: not('isWaitingForAnswer'), target: 'advising' },
            ],
            on: {
              'user.choice': [
                { guard: 'isCrisisAnswer', target: '#keuzehulp.offeringAdviserNow', actions: 'recordAnswer' },
                { target: 'askingQuestions', reenter: true, actions: 'recordAnswer' },
              ],
              'user.text': [
                { guard: 'isCrisisAnswer', target: '#keuzehulp.offeringAdviserNow', actions: ['takeAnswerSignals', 'recordAnswer'] },
                { guard: 'isAnswerCorrection', target: 'askingQuestions', reenter: true, actions: 'correctAnswer' },
                { guard: 'isAnswer', target: 'askingQuestions', reenter: true, actions: ['takeAnswerSignals', 'recordAnswer'] },
                { guard: 'isCorrection', target: 'themeChosen', actions: ['rememberStory', 'takeSignals', 'chooseHeardTheme', { type: 'say', params: { key: 'dialog:correction' } }] },
                { guard: 'isOutOfScope', target: 'askingQuestions', reenter: true, actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { target: 'askingQuestions', reenter: true, actions: ['rememberStory', 'takeSignals', { type: 'say', params: { key: 'dialog:answer.notUnderstood' } }] },
              ],
              'command.back': [
                { guard: 'hasAnsweredQuestions', target: 'askingQuestions', reenter: true, actions: 'stepBack' },
                { target: 'askingSituation' },
              ],
            },
          },
          askingNetwork: {
            entry: 'askNetwork',
            on: {
              'user.choice': { target: 'advising', actions: 'recordNetwork' },
              'user.text': [
                { guard: 'isAnswer', target: 'advising', actions: 'recordNetwork' },
                { guard: 'isCorrection', target: 'themeChosen', actions: ['rememberStory', 'takeSignals', 'chooseHeardTheme', { type: 'say', params: { key: 'dialog:correction' } }] },
                { target: 'askingNetwork', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'askingQuestions', actions: 'stepBack' },
            },
          },
          advising: {
            entry: 'giveAdvice',
            always: [{ guard: 'isMaatwerk', target: 'offeringAdviser' }, { target: 'followingUp' }],
          },
          offeringAdviser: {
            entry: 'offerAdviser',
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'askingConsent' },
                { target: 'followingUp' },
              ],
              'user.text': [
                { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'askingConsent' },
                { guard: { type: 'isChoice', params: { id: 'no' } }, target: 'followingUp', actions: { type: 'say', params: { key: 'dialog:adviser.declined' } } },
                { target: 'offeringAdviser', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'followingUp' },
            },
          },
          followingUp: {
            entry: 'askFollowUp',
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: { id: 'more' } }, target: 'choosingOffering' },
                { guard: { type: 'isChoice', params: { id: 'other' } }, target: 'askingSituation', actions: 'resetConversation' },
                { guard: { type: 'isChoice', params: { id: 'summary' } }, target: 'followingUp', reenter: true, actions: 'showSummary' },
                { guard: { type: 'isChoice', params: { id: 'adviser' } }, target: 'askingConsent' },
                { guard: { type: 'isChoice', params: { id: 'done' } }, target: 'closing' },
              ],
              'user.text': [
                { guard: { type: 'isChoice', params: { id: 'more' } }, target: 'choosingOffering' },
                { guard: { type: 'isChoice', params: { id: 'other' } }, target: 'askingSituation', actions: 'resetConversation' },
                { guard: { type: 'isChoice', params: { id: 'summary' } }, target: 'followingUp', reenter: true, actions: 'showSummary' },
                { guard: { type: 'isChoice', params: { id: 'adviser' } }, target: 'askingConsent' },
                { guard: { type: 'isChoice', params: { id: 'done' } }, target: 'closing' },
                { guard: 'isOutOfScope', target: 'followingUp', reenter: true, actions: { type: 'say', params: { key: 'dialog:outOfScope' } } },
                { guard: 'isClearTheme', target: 'themeChosen', actions: ['resetConversation', 'rememberStory', 'takeSignals', 'chooseHeardTheme'] },
                { target: 'followingUp', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'askingNetwork' },
            },
          },
          choosingOffering: {
            entry: 'askWhichOffering',
            on: {
              'user.choice': { target: 'followingUp', actions: 'showOffering' },
              'user.text': [
                { guard: 'isAnswer', target: 'followingUp', actions: 'showOffering' },
                { target: 'followingUp' },
              ],
              'command.back': { target: 'followingUp' },
            },
          },
          askingConsent: {
            entry: 'askConsent',
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'checkingAdviserHours' },
                { target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:consent.declined' } } },
              ],
              'user.text': [
                { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'checkingAdviserHours' },
                { guard: { type: 'isChoice', params: { id: 'no' } }, target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:consent.declined' } } },
                { target: 'askingConsent', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'followingUp' },
            },
          },
          checkingAdviserHours: {
            always: [{ guard: 'isAdviserAvailable', target: 'handingOff' }, { target: 'offeringCallback' }],
          },
          // Outside the advisers' hours: a callback request (with the number given for it), or the general contact.
          offeringCallback: {
            entry: 'offerCallback',
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: { id: 'callback' } }, target: 'askingCallbackMoment' },
                { guard: { type: 'isChoice', params: { id: 'contact' } }, target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:consent.declined' } } },
                { target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:callback.declined' } } },
              ],
              'user.text': [
                { guard: { type: 'isChoice', params: { id: 'callback' } }, target: 'askingCallbackMoment' },
                { guard: { type: 'isChoice', params: { id: 'contact' } }, target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:consent.declined' } } },
                { guard: 'isCancel', target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:callback.declined' } } },
                { guard: { type: 'isChoice', params: { id: 'no' } }, target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:callback.declined' } } },
                { target: 'offeringCallback', reenter: true, actions: { type: 'say', params: { key: 'dialog:answer.notUnderstood' } } },
              ],
              'command.back': { target: 'backWithBot' },
            },
          },
          askingCallbackMoment: {
            entry: 'askCallbackMoment',
            on: {
              'user.choice': { target: 'askingCallbackPhone', actions: 'takeCallbackMoment' },
              'user.text': [
                { guard: 'isCancel', target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:callback.declined' } } },
                { target: 'askingCallbackPhone', actions: 'takeCallbackMoment' },
              ],
              'command.back': { target: 'offeringCallback' },
            },
          },
          askingCallbackPhone: {
            entry: 'askCallbackPhone',
            on: {
              'user.text': [
                { guard: 'hasPhone', target: 'backWithBot', actions: 'requestCallback' },
                { guard: 'isCancel', target: 'backWithBot', actions: { type: 'say', params: { key: 'dialog:callback.declined' } } },
                { actions: { type: 'say', params: { key: 'dialog:callback.noPhone' } } },
              ],
              'command.back': { target: 'askingCallbackMoment' },
            },
          },
          handingOff: {
            entry: 'requestHandoff',
            always: { target: 'waitingForAdviser' },
          },
          waitingForAdviser: {
            on: {
              'user.text': [
                { guard: 'isCancel', target: 'backWithBot', actions: 'cancelHandoff' },
                { actions: ['rememberStory', { type: 'say', params: { key: 'dialog:handoff.waiting' } }] },
              ],
              'command.back': { target: 'backWithBot', actions: 'cancelHandoff' },
              'handoff.accepted': { target: 'withAdviser', actions: 'adviserJoined' },
              'handoff.failed': { target: 'followingUp', actions: 'handoffFailed' },
            },
          },
          withAdviser: {
            // Messages go to the adviser; the bot is silent here except for safety.
            on: {
              'user.text': { actions: 'rememberStory' },
              'handoff.returned': { target: 'backWithBot', actions: 'adviserLeft' },
              'handoff.closed': { target: 'closing', actions: 'handoffClosed' },
              'command.help': { actions: { type: 'say', params: { key: 'dialog:handoff.helpWithAdviser' } } },
            },
          },
          backWithBot: {
            // Back to where the person was: the follow-ups after advice, the theme's questions, or the start.
            always: [{ guard: 'hasAdvice', target: 'followingUp' }, { guard: 'hasThemeInProgress', target: 'askingQuestions' }, { target: 'askingSituation' }],
          },
          closing: {
            entry: 'askFeedback',
            on: {
              'user.choice': { target: 'closed', actions: ['recordFeedback', 'sayGoodbye'] },
              'user.text': { target: 'closed', actions: ['recordFeedback', 'sayGoodbye'] },
            },
          },
          closed: {
            on: {
              'user.text': { target: 'askingSituation', actions: ['resetConversation', { type: 'say', params: { key: 'dialog:welcomeBack' } }] },
              'user.choice': { target: 'askingSituation', actions: ['resetConversation', { type: 'say', params: { key: 'dialog:welcomeBack' } }] },
            },
          },
        },
      },
      offeringAdviserNow: {
        entry: 'offerAdviser',
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'main.askingConsent' },
            { target: 'main.hist', actions: { type: 'say', params: { key: 'dialog:crisis.declined' } } },
          ],
          'user.text': [
            { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'main.askingConsent' },
            { target: 'main.hist', actions: { type: 'say', params: { key: 'dialog:crisis.declined' } } },
          ],
          'command.back': { target: 'main.hist' },
        },
      },
      confirmingStop: {
        entry: 'askStop',
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'stopped' },
            { target: 'main.hist', actions: { type: 'say', params: { key: 'dialog:stop.cancelled' } } },
          ],
          'user.text': [
            { guard: { type: 'isChoice', params: { id: 'yes' } }, target: 'stopped' },
            { target: 'main.hist', actions: { type: 'say', params: { key: 'dialog:stop.cancelled' } } },
          ],
          'command.stop': { target: 'stopped' },
          'command.back': { target: 'main.hist' },
        },
      },
      stopped: { type: 'final', entry: 'deleteConversation' },
    },
  });
}

export type KeuzehulpMachine = ReturnType<typeof createKeuzehulpMachine>;
