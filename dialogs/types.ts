// The dialogue kit: events the keuzehulp machine accepts, its context, and the channel-neutral replies it emits.
import type { Audience, CrisisCategoryId, Language, RouteId, Signal } from '../src/content/schema.js';

/** What the dialogue needs of understanding (the engine runs understanding; the machine stays pure). */
export interface Heard {
  theme: string | null;
  /** Candidate themes, best first. */
  themes: Array<{ id: string; score: number }>;
  audience: Audience | null;
  signals: Signal[];
  outOfScope: string | null;
  crisisCategories: CrisisCategoryId[];
  /** "nee, ik bedoelde …": the person corrects an earlier answer. */
  correction: boolean;
}

export type CommandEvent =
  | { type: 'command.help' }
  | { type: 'command.back' }
  | { type: 'command.restart' }
  | { type: 'command.stop' }
  | { type: 'command.human' }
  | { type: 'command.language'; language: Language | null };

export type KeuzehulpEvent =
  | { type: 'conversation.start'; channel: string; language: Language }
  /** Free text; `text` is already redacted. */
  | { type: 'user.text'; text: string; heard: Heard; /** A phone number in the text as typed (only ever used for a callback the person asked for; never kept in context). */ phone?: string }
  | { type: 'user.choice'; choiceId: string }
  | { type: 'user.crisis'; text: string; heard: Heard }
  | CommandEvent
  | { type: 'session.expired' }
  | { type: 'handoff.accepted'; adviserName: string }
  | { type: 'handoff.returned' }
  | { type: 'handoff.closed' }
  | { type: 'handoff.failed' };

/** A sentence by i18next key, with named parameters. */
export interface Say {
  key: string;
  params?: Record<string, string | number>;
}

export interface ChoiceOption extends Say {
  id: string;
}

export interface AdviceItem {
  offeringId: string;
  route: RouteId;
  /** One-line reason: why this fits ("omdat je vertelde dat …"). */
  reason: Say;
}

export type HandoffStatus = 'requested' | 'accepted' | 'returned' | 'closed' | 'failed' | 'cancelled';
export type Priority = 'crisis' | 'urgent' | 'normal';

/** Channel-neutral replies: every channel renders these within its own limits. */
export type Reply =
  | ({ kind: 'text' } & Say)
  | ({ kind: 'question'; choices: ChoiceOption[]; allowText: boolean } & Say)
  | { kind: 'advice'; items: AdviceItem[] }
  | { kind: 'offering'; offeringId: string }
  | { kind: 'crisis'; category: CrisisCategoryId; numbers: string[] }
  | { kind: 'handoff'; status: HandoffStatus; priority: Priority; adviserName?: string }
  | { kind: 'summary' }
  /** The person asked to be called back (out of the advisers' hours) and gave this number for it. */
  | { kind: 'callback'; phone: string; moment: string; priority: Priority }
  | { kind: 'delete' };

export interface KeuzehulpContext {
  language: Language;
  channel: string;
  audience: Audience | null;
  /** The person's own words about the situation (redacted), for the adviser's summary. */
  story: string[];
  themeId: string | null;
  /** Themes offered when understanding was unsure. */
  candidates: string[];
  /** Theme questions asked, in order (for "back"). */
  asked: string[];
  /** The theme question waiting for an answer. */
  questionId: string | null;
  /** Question id → choice id, or "skip". */
  answers: Record<string, string>;
  facts: Record<string, string | number | boolean>;
  signals: Signal[];
  /** Questions asked before the first advice (at most 6, so a new user is done within minutes). */
  questionsAsked: number;
  advice: AdviceItem[];
  adviserOffered: boolean;
  /** The choices of the last question, so that "2" or a label typed as text can be read as a choice. */
  choices: ChoiceOption[];
  /** Which dialogue question is on screen ("audience", "network" or a theme question id), so a repeat is not counted twice. */
  promptId: string | null;
  /** The theme whose questions were introduced ("Ik stel je een paar korte vragen over …"), said once. */
  introducedTheme: string | null;
  crisis: CrisisCategoryId | null;
  handoff: { status: HandoffStatus; priority: Priority; adviserName: string | null } | null;
  consent: boolean;
  /** A short self-check in progress (the mantelzorgcheck): its id, the answers so far, the question on screen. */
  check: { id: string; answers: Record<string, string>; questionId: string | null } | null;
  /** Checks offered already (each at most once per conversation), and the results of those taken. */
  checksOffered: string[];
  checkResults: Record<string, string>;
  /** When the person would like to be called back: a choice id (morning, afternoon, anytime) or their own words. */
  callbackMoment: string | null;
  feedback: number | null;
}
