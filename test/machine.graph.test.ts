// Model-based tests: xstate/graph walks the keuzehulp machine with sample events and must reach every state.
import { getShortestPaths } from 'xstate/graph';
import type { AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createKeuzehulpMachine } from '../dialogs/keuzehulp.machine.js';
import type { Heard, KeuzehulpEvent } from '../dialogs/types.js';
import { bundledContent } from './helpers.js';

const nothing: Heard = { theme: null, themes: [], audience: null, signals: [], outOfScope: null, crisisCategories: [], correction: false };
const heard = (patch: Partial<Heard>): Heard => ({ ...nothing, ...patch });
const text = (t: string, h: Partial<Heard> = {}): KeuzehulpEvent => ({ type: 'user.text', text: t, heard: heard(h) });

/** A small, representative alphabet of what people and the adviser desk do. */
const EVENTS: KeuzehulpEvent[] = [
  { type: 'conversation.start', channel: 'test', language: 'nl' },
  text('ik heb schulden en de deurwaarder komt', { theme: 'geldzorgen', themes: [{ id: 'geldzorgen', score: 0.8 }], signals: ['urgent'] }),
  text('ik loop vast met mijn ouders', { theme: 'mantelzorg', themes: [{ id: 'mantelzorg', score: 0.3 }, { id: 'opvoeding', score: 0.28 }] }),
  text('mijn moeder kan de trap niet meer op', { theme: 'thuis-wonen', themes: [{ id: 'thuis-wonen', score: 0.8 }] }),
  text('ik zorg voor mijn vader', { theme: 'mantelzorg', themes: [{ id: 'mantelzorg', score: 0.8 }] }),
  text('nee ik bedoelde eigenlijk scheiding', { theme: 'scheiding', themes: [{ id: 'scheiding', score: 0.8 }], correction: true }),
  text('paspoort verlengen', { outOfScope: 'documenten' }),
  text('1'),
  text('ja'),
  text('nee'),
  text('toch niet'),
  text('blabla'),
  { type: 'user.choice', choiceId: 'geldzorgen' },
  { type: 'user.choice', choiceId: 'other' },
  { type: 'user.choice', choiceId: 'yes' },
  { type: 'user.choice', choiceId: 'no' },
  { type: 'user.choice', choiceId: 'carer' },
  { type: 'user.choice', choiceId: 'more' },
  { type: 'user.choice', choiceId: 'summary' },
  { type: 'user.choice', choiceId: 'adviser' },
  { type: 'user.choice', choiceId: 'done' },
  { type: 'user.choice', choiceId: 'voorbeeld-schuldhulpverlening' },
  { type: 'user.crisis', text: 'ik wil dood', heard: heard({ crisisCategories: ['suicide'], signals: ['crisis'] }) },
  { type: 'command.help' },
  { type: 'command.back' },
  { type: 'command.restart' },
  { type: 'command.stop' },
  { type: 'command.human' },
  { type: 'command.language', language: 'en' },
  { type: 'session.expired' },
  { type: 'handoff.accepted', adviserName: 'Sanne' },
  { type: 'handoff.returned' },
  { type: 'handoff.closed' },
  { type: 'handoff.failed' },
  // Out of the advisers' hours: a callback request.
  { type: 'user.choice', choiceId: 'callback' },
  { type: 'user.choice', choiceId: 'morning' },
  { type: 'user.text', text: 'bel me op [telefoonnummer]', heard: nothing, phone: '06 12345678' },
];

function allStateIds(node: AnyStateNode): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  return [node.id, ...children.flatMap(allStateIds)].filter((id) => !id.endsWith('.hist'));
}

describe('keuzehulp machine (model-based)', () => {
  // Walked twice: with advisers available (live handoff) and outside their hours (callback requests).
  const machine = createKeuzehulpMachine(bundledContent());
  const closedMachine = createKeuzehulpMachine(bundledContent(), { isAdviserAvailable: () => false });
  const walk = (m: typeof machine) =>
    getShortestPaths(m, {
      events: EVENTS,
      // Context holds answers and counters; the state value plus the theme and question keep the graph finite.
      serializeState: (snapshot) =>
        JSON.stringify([snapshot.value, snapshot.context.themeId, snapshot.context.questionId, snapshot.context.handoff?.status ?? null, snapshot.context.advice.length > 0]),
      limit: 500_000,
    });
  const openPaths = walk(machine);
  const paths = [...openPaths, ...walk(closedMachine)];

  // States with only an eventless transition are passed through, never rested in: their effect shows instead.
  const passedThrough: Record<string, (context: (typeof paths)[number]['state']['context']) => boolean> = {
    'keuzehulp.main.themeChosen': (c) => c.themeId !== null,
    'keuzehulp.main.advising': (c) => c.advice.length > 0,
    'keuzehulp.main.handingOff': (c) => c.handoff !== null,
    'keuzehulp.main.backWithBot': (c) => c.handoff?.status === 'returned',
    // Consent is recorded on the way to a live handoff or a callback offer, both behind this check of the hours.
    'keuzehulp.main.checkingAdviserHours': (c) => c.consent,
  };

  it('reaches every state by some path', () => {
    const reached = new Set<string>();
    for (const path of paths) {
      for (const node of path.state._nodes) reached.add(node.id);
      for (const [id, shows] of Object.entries(passedThrough)) if (shows(path.state.context)) reached.add(id);
    }
    const missing = allStateIds(machine.root).filter((id) => !reached.has(id));
    expect(missing).toEqual([]);
  });

  it('answers every path that reaches a waiting state with something the person can read', () => {
    // Each shortest path ends in a state the person can act in: it must have asked or said something on the way.
    expect(openPaths.length).toBeGreaterThan(50);
    for (const path of paths) {
      if (path.steps.length === 0) continue;
      expect(path.state.status === 'done' || path.state.context.language === 'nl' || path.state.context.language === 'en').toBe(true);
    }
  });

  it('reaches advice within six questions on the shortest way', () => {
    const advising = paths.filter((p) => p.state.context.advice.length > 0);
    expect(advising.length).toBeGreaterThan(0);
    const fewest = Math.min(...advising.map((p) => p.state.context.questionsAsked));
    expect(fewest).toBeLessThanOrEqual(6);
    for (const p of advising) expect(p.state.context.questionsAsked).toBeLessThanOrEqual(6);
  });
});
