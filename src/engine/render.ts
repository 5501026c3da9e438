// Rendering channel-neutral replies to text with i18next: the shape the CLI contract and channels start from.
import type { i18n } from 'i18next';
import type { Content } from '../content/types.js';
import type { Language } from '../content/schema.js';
import { CALLBACK_MOMENTS } from '../../dialogs/keuzehulp.machine.js';
import type { AdviceItem, HandoffStatus, KeuzehulpContext, Reply, Say } from '../../dialogs/types.js';

export interface RenderedMessage {
  text: string;
  choices?: Array<{ id: string; label: string }>;
}

export interface RenderedTurn {
  messages: RenderedMessage[];
  advice: Array<{ offeringId: string; route: string }>;
  handoff: { status: HandoffStatus; priority: string } | null;
  /** A callback the person asked for in this turn: the number they gave and when (in Dutch, for the advisers). */
  callback: { phone: string; moment: string; priority: string } | null;
  crisis: boolean;
  /** The conversation is to be deleted (the person asked to stop). */
  deleted: boolean;
  /** What the bot said, for the stored transcript: offerings by name, not their whole cards. */
  transcript: string[];
}

/** What rendering needs of i18next: a key and its parameters in, a sentence out. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Translate a key; parameters written as `$t(key)` are translated first (theme names, answer labels). */
export function say(t: Translate, item: Say): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(item.params ?? {})) {
    const nested = typeof value === 'string' ? /^\$t\((.+)\)$/.exec(value) : null;
    params[name] = nested ? t(nested[1]!) : value;
  }
  return t(item.key, params);
}

export class Renderer {
  constructor(
    private readonly i18n: i18n,
    private readonly content: Content,
  ) {}

  private readonly fixed = new Map<Language, Translate>();
  private readonly memo = new Map<string, string>();

  /**
   * A translate function for one language, memoized: the same sentences (labels, offering texts) come back in
   * every conversation, and i18next's lookup is the costliest part of a turn otherwise.
   */
  t(language: Language): Translate {
    let t = this.fixed.get(language);
    if (!t) {
      const plain = this.i18n.getFixedT(language);
      const memoized = (key: string, params?: Record<string, unknown>): string => {
        const cacheKey = `${language}\u0000${key}\u0000${params ? JSON.stringify(params) : ''}`;
        let text = this.memo.get(cacheKey);
        if (text === undefined) {
          text = params ? plain(key, params) : plain(key);
          if (this.memo.size > 20_000) this.memo.clear();
          this.memo.set(cacheKey, text);
        }
        return text;
      };
      t = memoized;
      this.fixed.set(language, t);
    }
    return t;
  }

  private offeringLines(t: Translate, item: AdviceItem): string {
    const offering = this.content.offeringById.get(item.offeringId);
    if (!offering) return '';
    const lines = [`• ${t(`content:offering.${offering.id}.name`)}: ${t(`content:offering.${offering.id}.description`)}`];
    lines.push(`  ${say(t, item.reason)}`);
    const contact: string[] = [];
    if (offering.contact.phone) contact.push(t('dialog:offering.phone', { phone: offering.contact.phone }));
    if (offering.contact.url) contact.push(offering.contact.url);
    if (contact.length > 0) lines.push(`  ${contact.join(' · ')}`);
    return lines.join('\n');
  }

  private offeringDetail(t: Translate, id: string): string {
    const offering = this.content.offeringById.get(id);
    if (!offering) return '';
    const lines = [
      t(`content:offering.${id}.name`),
      t(`content:offering.${id}.description`),
      `${t('dialog:offering.forWhom')} ${t(`content:offering.${id}.eligibility`)}`,
      `${t('dialog:offering.cost')} ${t(`content:offering.${id}.fees`)}`,
      `${t('dialog:offering.how')} ${t(`content:offering.${id}.applicationProcess`)}`,
    ];
    if (offering.contact.phone) lines.push(t('dialog:offering.phone', { phone: offering.contact.phone }));
    if (offering.contact.url) lines.push(offering.contact.url);
    if (offering.location) lines.push(`${offering.location.name}, ${offering.location.address}, ${offering.location.city}`);
    return lines.join('\n');
  }

  private crisisText(t: Translate, numbers: string[], medical: boolean): string {
    const lines: string[] = [];
    // A medical emergency: 112 before anything else.
    if (medical) lines.push(t('crisis.danger'));
    for (const id of numbers) {
      const n = this.content.safety.numbers.find((x) => x.id === id);
      if (!n || n.id === 'alarm') continue;
      lines.push(
        t('crisis.lead', {
          phone: n.altPhone ? `${n.phone} (${t('dialog:crisis.or')} ${n.altPhone})` : n.phone,
          name: t(`content:safety.${n.id}.name`),
          cost: t(`content:safety.${n.id}.cost`),
          hours: t(`content:safety.${n.id}.hours`),
        }),
      );
      lines.push(t(`content:safety.${n.id}.what`));
    }
    if (!medical) lines.push(t('crisis.danger'));
    return lines.join('\n');
  }

  summary(t: Translate, context: KeuzehulpContext): string {
    const lines = [t('dialog:summary.title')];
    if (context.themeId) lines.push(`${t('dialog:summary.theme')} ${t(`content:theme.${context.themeId}.label`)}`);
    const theme = context.themeId ? this.content.themeById.get(context.themeId) : undefined;
    for (const question of theme?.questions ?? []) {
      const answer = context.answers[question.id];
      if (!answer || answer === 'skip') continue;
      lines.push(`- ${t(`content:theme.${theme!.id}.questions.${question.id}.text`)} ${t(`content:theme.${theme!.id}.questions.${question.id}.choices.${answer}`)}`);
    }
    if (context.advice.length > 0) {
      lines.push(t('dialog:summary.advice'));
      for (const item of context.advice) {
        const offering = this.content.offeringById.get(item.offeringId);
        lines.push(`- ${t(`content:offering.${item.offeringId}.name`)}${offering?.contact.phone ? `, ${offering.contact.phone}` : ''}${offering?.contact.url ? `, ${offering.contact.url}` : ''}`);
      }
    }
    return lines.join('\n');
  }

  render(replies: Reply[], context: KeuzehulpContext): RenderedTurn {
    const t = this.t(context.language);
    const turn: RenderedTurn = { messages: [], advice: [], handoff: null, callback: null, crisis: false, deleted: false, transcript: [] };
    for (const reply of replies) {
      switch (reply.kind) {
        case 'text':
          turn.messages.push({ text: say(t, reply) });
          turn.transcript.push(turn.messages.at(-1)!.text);
          break;
        case 'question':
          turn.messages.push({ text: say(t, reply), choices: reply.choices.map((c) => ({ id: c.id, label: say(t, c) })) });
          turn.transcript.push(turn.messages.at(-1)!.text);
          break;
        case 'advice': {
          for (const route of this.content.routes) {
            const items = reply.items.filter((i) => i.route === route.id);
            if (items.length === 0) continue;
            const header = `${t(`content:route.${route.id}.title`)}\n${t(`content:route.${route.id}.explanation`)}`;
            turn.messages.push({ text: [header, ...items.map((i) => this.offeringLines(t, i))].join('\n') });
          }
          turn.advice.push(...reply.items.map((i) => ({ offeringId: i.offeringId, route: i.route })));
          turn.transcript.push(`${t('dialog:summary.advice')} ${reply.items.map((i) => `${t(`content:offering.${i.offeringId}.name`)} (${i.route})`).join('; ')}`);
          break;
        }
        case 'offering':
          turn.messages.push({ text: this.offeringDetail(t, reply.offeringId) });
          turn.transcript.push(t(`content:offering.${reply.offeringId}.name`));
          break;
        case 'crisis':
          turn.crisis = true;
          // Safety first: the numbers lead the turn, before anything else said in it.
          turn.messages.unshift({ text: this.crisisText(t, reply.numbers, reply.category === 'medical') });
          turn.transcript.unshift(turn.messages[0]!.text);
          break;
        case 'handoff':
          turn.handoff = { status: reply.status, priority: reply.priority };
          break;
        case 'callback': {
          // The advisers work in Dutch: a chosen moment is given by its Dutch label, own words as they were typed.
          const known = (CALLBACK_MOMENTS as readonly string[]).includes(reply.moment);
          turn.callback = { phone: reply.phone, moment: known ? this.t('nl')(`dialog:callback.moment.${reply.moment}`) : reply.moment, priority: reply.priority };
          break;
        }
        case 'summary':
          turn.messages.push({ text: this.summary(t, context) });
          turn.transcript.push(t('dialog:summary.title'));
          break;
        case 'delete':
          turn.deleted = true;
          break;
      }
    }
    return turn;
  }
}
