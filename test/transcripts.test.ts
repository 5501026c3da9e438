// Conversation tests written as YAML in test/transcripts/: what the person says, what the bot must say, the state.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/content/schema.js';
import type { TurnResult } from '../src/engine/engine.js';
import { ROOT } from './helpers.js';
import { testEngine } from './engine-helpers.js';

const Expect = z.strictObject({
  state: z.string().optional(),
  says: z.array(z.string()).optional(),
  notSays: z.array(z.string()).optional(),
  firstSays: z.string().optional(),
  choices: z.array(z.string()).optional(),
  crisis: z.boolean().optional(),
  advice: z.array(z.string()).optional(),
  hasAdvice: z.boolean().optional(),
  handoff: z.string().nullable().optional(),
});

const Step = z.union([
  z.strictObject({ user: z.string(), expect: Expect.optional() }),
  z.strictObject({ choose: z.string(), expect: Expect.optional() }),
  z.strictObject({ event: z.enum(['handoff.accepted', 'handoff.returned', 'handoff.closed', 'handoff.failed', 'session.expired']), adviserName: z.string().optional(), expect: Expect.optional() }),
]);

const Transcript = z.strictObject({
  name: z.string(),
  group: z.enum(['happy', 'correction', 'interruption', 'crisis', 'handoff', 'out-of-scope', 'english', 'mantelzorger', 'closing']),
  language: z.enum(['nl', 'en']).optional(),
  start: Expect.optional(),
  steps: z.array(Step).min(1),
});
type Expectation = z.infer<typeof Expect>;

function check(result: TurnResult, expected: Expectation | undefined, where: string): void {
  if (!expected) return;
  const all = result.messages.map((m) => m.text).join('\n').toLowerCase();
  if (expected.state !== undefined) expect(result.state, `${where}: state`).toBe(expected.state);
  for (const text of expected.says ?? []) expect(all, `${where}: says "${text}"`).toContain(text.toLowerCase());
  for (const text of expected.notSays ?? []) expect(all, `${where}: does not say "${text}"`).not.toContain(text.toLowerCase());
  if (expected.firstSays !== undefined) expect(result.messages[0]?.text.toLowerCase() ?? '', `${where}: first message`).toContain(expected.firstSays.toLowerCase());
  if (expected.choices) {
    const offered = result.messages.flatMap((m) => m.choices ?? []).map((c) => c.id);
    for (const id of expected.choices) expect(offered, `${where}: choice ${id}`).toContain(id);
  }
  if (expected.crisis !== undefined) expect(result.crisis, `${where}: crisis`).toBe(expected.crisis);
  if (expected.hasAdvice !== undefined) expect(result.advice.length > 0, `${where}: advice given`).toBe(expected.hasAdvice);
  for (const id of expected.advice ?? []) expect(result.advice.map((a) => a.offeringId), `${where}: advice ${id}`).toContain(id);
  if (result.advice.length > 0) {
    // Routes in their order: basis first, maatwerk last.
    const order = result.advice.map((a) => ROUTES.indexOf(a.route as (typeof ROUTES)[number]));
    expect(order, `${where}: route order`).toEqual([...order].sort((a, b) => a - b));
  }
  if (expected.handoff !== undefined) expect(result.handoff?.status ?? null, `${where}: handoff`).toBe(expected.handoff);
}

const dir = path.join(ROOT, 'test', 'transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('conversation transcripts', () => {
  it('has transcripts for every group', () => {
    const groups = new Set(files.map((f) => Transcript.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).group));
    expect([...groups].sort()).toEqual(['closing', 'correction', 'crisis', 'english', 'handoff', 'happy', 'interruption', 'mantelzorger', 'out-of-scope'].sort());
  });

  for (const file of files) {
    const transcript = Transcript.parse(parse(readFileSync(path.join(dir, file), 'utf8')));
    it(`${transcript.group}: ${transcript.name} (${file})`, async () => {
      const { engine, store } = await testEngine();
      const options = { channel: 'test', ...(transcript.language ? { language: transcript.language } : {}) };
      const id = `t-${file}`;
      check(await engine.turn(id, { kind: 'start' }, options), transcript.start, `${file} start`);
      for (const [index, step] of transcript.steps.entries()) {
        const where = `${file} step ${index + 1}`;
        const result =
          'user' in step
            ? await engine.turn(id, { kind: 'text', text: step.user }, options)
            : 'choose' in step
              ? await engine.turn(id, { kind: 'choice', id: step.choose }, options)
              : await engine.turn(id, {
                  kind: 'event',
                  event: step.event === 'handoff.accepted' ? { type: step.event, adviserName: step.adviserName ?? 'Sanne' } : { type: step.event },
                }, options);
        check(result, step.expect, where);
      }
      await store.close();
    });
  }
});
