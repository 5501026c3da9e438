// Bot Framework activities as WhatsApp messages, within WhatsApp's limits: up to 3 choices as reply buttons (titles
// at most 20 characters), 4 to 10 as a list (row titles 24, descriptions 72), more as numbered text; cards as short
// text with phone and web links; text over 4,096 characters split at paragraph or sentence ends.
import type { Activity, CardAction } from 'botbuilder';
import type { Translate } from '../../engine/render.js';
import type { GraphMessage } from './graph.js';

export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  id: 200,
} as const;

interface Choice {
  id: string;
  label: string;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

const length = (text: string) => [...text].length;

/** Split text into parts of at most `max` characters: at blank lines, else line ends, else sentence ends, else spaces. */
export function splitText(text: string, max: number = LIMITS.text): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (length(rest) > max) {
    const window = [...rest].slice(0, max).join('');
    const cut =
      [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! ')) + 1, window.lastIndexOf(' ')].find(
        (at) => at > max / 2,
      ) ?? window.length;
    parts.push(window.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function choicesOf(activity: Partial<Activity>): Choice[] {
  return (activity.suggestedActions?.actions ?? [])
    .map((action: CardAction) => {
      const value = action.value as { choiceId?: unknown } | undefined;
      const id = typeof value?.choiceId === 'string' ? value.choiceId : typeof action.value === 'string' ? action.value : null;
      return id ? { id: id.slice(0, LIMITS.id), label: action.title ?? id } : null;
    })
    .filter((c): c is Choice => c !== null);
}

/** Hero cards (offerings, the crisis card) as plain lines: title, text, then each phone number and link. */
function cardText(activity: Partial<Activity>, t: Translate): string {
  const blocks: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.hero') continue;
    const card = attachment.content as { title?: string; text?: string; buttons?: CardAction[] };
    const lines: string[] = [];
    if (card.title) lines.push(`*${card.title}*`);
    if (card.text) lines.push(card.text);
    for (const button of card.buttons ?? []) {
      const value = typeof button.value === 'string' ? button.value : '';
      if (value.startsWith('tel:')) lines.push(t('whatsapp:call', { phone: button.title?.replace(/^\D+/, '') || value.slice(4) }));
      else if (/^https?:\/\//.test(value)) lines.push(t('whatsapp:website', { url: value }));
    }
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** The messages for one activity to one person. Typing indicators and events (handoff protocol) send nothing. */
export function toWhatsApp(activity: Partial<Activity>, to: string, t: Translate): GraphMessage[] {
  if (activity.type !== 'message') return [];
  const base = { messaging_product: 'whatsapp' as const, recipient_type: 'individual', to };
  const adviser = (activity.channelData as { keuzehulp?: { adviser?: { name?: string } } } | undefined)?.keuzehulp?.adviser?.name;
  let text = activity.text?.trim() ?? '';
  if (adviser && text) text = `*${t('whatsapp:adviser', { name: adviser })}:*\n${text}`;
  const cards = cardText(activity, t);
  if (cards) text = text ? `${text}\n\n${cards}` : cards;
  const choices = choicesOf(activity);
  const textMessages = (body: string): GraphMessage[] =>
    splitText(body).map((part) => ({ ...base, type: 'text', text: { body: part, preview_url: /https?:\/\//.test(part) } }));

  if (choices.length === 0) return text ? textMessages(text) : [];

  if (choices.length > LIMITS.listRows) {
    const numbered = choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
    return textMessages([text, numbered, t('whatsapp:numbered')].filter(Boolean).join('\n\n'));
  }

  // An interactive body holds at most 1,024 characters: a longer question goes first as text.
  const before: GraphMessage[] = [];
  let body = text || t('whatsapp:chooseBelow');
  if (length(body) > LIMITS.interactiveBody) {
    before.push(...textMessages(body));
    body = t('whatsapp:chooseBelow');
  }
  const fitsButtons = choices.length <= LIMITS.buttons && choices.every((c) => length(c.label) <= LIMITS.buttonTitle);
  if (fitsButtons) {
    return [
      ...before,
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: body },
          action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.label } })) },
        },
      },
    ];
  }
  return [
    ...before,
    {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: {
          button: clip(t('whatsapp:listButton'), LIMITS.listButton),
          sections: [
            {
              rows: choices.map((c) => ({
                id: c.id,
                title: clip(c.label, LIMITS.rowTitle),
                // A label cut short in the title is shown whole below it.
                ...(length(c.label) > LIMITS.rowTitle ? { description: clip(c.label, LIMITS.rowDescription) } : {}),
              })),
            },
          ],
        },
      },
    },
  ];
}
