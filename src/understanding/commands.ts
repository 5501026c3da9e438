// Global commands (help, back, restart, stop, human, language): caught in one place before normal flow.
import type { Language } from '../content/schema.js';

export const COMMANDS = ['help', 'back', 'restart', 'stop', 'human', 'language'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CommandResult {
  command: Command;
  /** For `language`: the language asked for, when named. */
  language: Language | null;
  why: string;
}

/** Words that make a command polite or a full sentence without changing it. */
const FILLER = new Set(
  (
    'ik wil graag even aub alsjeblieft alstublieft nu maar dan toch gewoon het de een met mijn me mij naar ' +
    'kan mag ik je jij u ajb please i want to can you a the with my me now just let lets us do may could ' +
    'would like we have ok oke nou hee he hey hoi hallo sorry eigenlijk even graag nog'
  ).split(' '),
);

/** Each command: phrases (normalized) and the content words that may stand with them. */
const TABLE: ReadonlyArray<{ command: Command; phrases: string[]; words: string[]; language?: Language }> = [
  {
    command: 'help',
    phrases: ['help', 'hulp', 'menu', 'uitleg', 'hoe werkt dit', 'hoe werkt het', 'wat kan ik hier', 'wat kan ik doen', 'wat kun je', 'what can you do', 'how does this work'],
    words: ['help', 'hulp', 'menu', 'uitleg', 'nodig', 'hoe', 'werkt', 'dit', 'het', 'wat', 'kun', 'kan', 'doen', 'hier', 'how', 'does', 'this', 'work', 'what', 'need'],
  },
  {
    command: 'back',
    phrases: ['terug', 'vorige', 'vorige vraag', 'ga terug', 'back', 'go back', 'previous', 'previous question'],
    words: ['terug', 'vorige', 'vraag', 'ga', 'gaan', 'back', 'go', 'previous', 'question', 'een', 'stap'],
  },
  {
    command: 'restart',
    phrases: ['opnieuw', 'opnieuw beginnen', 'begin opnieuw', 'start opnieuw', 'overnieuw', 'nog een keer beginnen', 'reset', 'restart', 'start over', 'begin again', 'opnieuw starten'],
    words: ['opnieuw', 'overnieuw', 'beginnen', 'begin', 'start', 'starten', 'reset', 'restart', 'over', 'again', 'nog', 'keer', 'vooraf', 'from', 'scratch'],
  },
  {
    command: 'stop',
    phrases: ['stop', 'stoppen', 'stop maar', 'vergeet mij', 'vergeet me', 'verwijder mijn gegevens', 'wis mijn gegevens', 'verwijder alles', 'verwijder dit gesprek', 'quit', 'exit', 'delete my data', 'forget me', 'delete this conversation'],
    words: ['stop', 'stoppen', 'vergeet', 'verwijder', 'verwijderen', 'wis', 'wissen', 'gegevens', 'alles', 'gesprek', 'dit', 'chat', 'quit', 'exit', 'delete', 'data', 'forget', 'conversation', 'this', 'maar', 'ermee', 'hiermee'],
  },
  {
    command: 'human',
    phrases: ['medewerker', 'mens', 'persoon', 'adviseur', 'wijkteam', 'met iemand', 'human', 'agent', 'operator', 'real person', 'echt persoon', 'echte mens', 'iemand spreken', 'talk to someone'],
    words: ['medewerker', 'mens', 'persoon', 'adviseur', 'iemand', 'echt', 'echte', 'spreken', 'praten', 'bellen', 'chatten', 'doorverbinden', 'human', 'agent', 'operator', 'real', 'person', 'someone', 'talk', 'speak', 'call', 'wijkteam', 'gemeente', 'van', 'of'],
  },
  {
    command: 'language',
    phrases: ['english', 'engels', 'in english', 'english please', 'speak english'],
    words: ['english', 'engels', 'in', 'speak', 'spreek', 'talk', 'switch', 'language', 'taal', 'do', 'you', 'chat'],
    language: 'en',
  },
  {
    command: 'language',
    phrases: ['nederlands', 'dutch', 'in het nederlands', 'in dutch', 'hollands'],
    words: ['nederlands', 'dutch', 'hollands', 'in', 'speak', 'spreek', 'switch', 'language', 'taal', 'terug'],
    language: 'nl',
  },
  {
    command: 'language',
    phrases: ['taal', 'andere taal', 'language', 'change language', 'taal wijzigen', 'taal veranderen'],
    words: ['taal', 'andere', 'wijzigen', 'veranderen', 'kiezen', 'language', 'change', 'other', 'another'],
  },
];

/**
 * A message is a command when, after polite filler, it holds one of the command's phrases and
 * nothing but the command's own words ("ik wil stoppen" is stop; "ik wil stoppen met roken" is not).
 */
export function detectCommand(tokens: ReadonlyArray<string>): CommandResult | null {
  if (tokens.length === 0 || tokens.length > 9) return null;
  const joined = ` ${tokens.join(' ')} `;
  for (const entry of TABLE) {
    const phrase = entry.phrases.find((p) => joined.includes(` ${p} `));
    if (!phrase) continue;
    const words = new Set(entry.words);
    if (tokens.every((t) => words.has(t) || FILLER.has(t))) {
      return { command: entry.command, language: entry.language ?? null, why: `command '${entry.command}' from '${phrase}'` };
    }
  }
  return null;
}
