// `keuzehulp chat` (a terminal conversation) and `keuzehulp conversations show|delete`.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadContentOrThrow } from '../content/load.js';
import { createI18n } from '../content/i18n.js';
import { Language } from '../content/schema.js';
import { createUnderstanding } from '../understanding/index.js';
import { openStore } from '../store/index.js';
import type { ConversationStore } from '../store/types.js';
import { Engine, type TurnResult } from '../engine/engine.js';
import type { Io } from './index.js';

/** The JSON line `chat --json` prints per bot turn: exactly these keys. */
export function turnJson(result: TurnResult): Record<string, unknown> {
  return {
    conversationId: result.conversationId,
    state: result.state,
    messages: result.messages.map((m) => (m.choices ? { text: m.text, choices: m.choices } : { text: m.text })),
    advice: result.advice,
    handoff: result.handoff,
    crisis: result.crisis,
  };
}

/** Plain-terminal rendering: text, then numbered choices. */
export function turnText(result: TurnResult): string {
  const lines: string[] = [];
  for (const message of result.messages) {
    lines.push(message.text);
    message.choices?.forEach((choice, i) => lines.push(`  ${i + 1}. ${choice.label}`));
    lines.push('');
  }
  return lines.join('\n');
}

async function openEngine(): Promise<{ engine: Engine; store: ConversationStore }> {
  const config = loadConfig();
  const content = loadContentOrThrow(config.contentDir);
  const store = openStore(config.databaseUrl);
  const engine = new Engine({
    content,
    understander: createUnderstanding(content),
    store,
    i18n: await createI18n(content),
    idleMinutes: config.idleMinutes,
  });
  return { engine, store };
}

export async function chatCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, conversation: { type: 'string' }, lang: { type: 'string' } },
  });
  const language = values.lang === undefined ? undefined : Language.safeParse(values.lang);
  if (language && !language.success) {
    io.err(`--lang must be one of: ${Language.options.join(', ')}`);
    return 2;
  }
  const { engine, store } = await openEngine();
  try {
    const options = { channel: 'cli', ...(language?.success ? { language: language.data } : {}) };
    const id = values.conversation ?? engine.newConversationId();
    const print = (result: TurnResult) => io.out(values.json ? JSON.stringify(turnJson(result)) : turnText(result));
    // A new conversation starts with the welcome; a stored one continues where it was, silently.
    let last = values.conversation && (await store.get(values.conversation)) ? null : await engine.turn(id, { kind: 'start' }, options);
    if (last) print(last);
    if (!values.json) io.out(`(${id}) Typ je bericht. Ctrl+D stopt zonder te wissen.`);
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
    for await (const line of lines) {
      const text = line.trim();
      if (text === '') continue;
      // In the terminal a number picks a choice of the last question.
      const choices = last?.messages.at(-1)?.choices;
      const picked = /^\d+$/.test(text) && choices ? choices[Number(text) - 1] : undefined;
      last = await engine.turn(id, picked ? { kind: 'choice', id: picked.id } : { kind: 'text', text }, options);
      print(last);
      if (last.state === 'stopped') break;
    }
    return 0;
  } finally {
    await store.close();
  }
}

export async function conversationsCommand(args: string[], io: Io): Promise<number> {
  const [sub, id, ...rest] = args;
  if ((sub !== 'show' && sub !== 'delete') || !id) {
    io.err('Usage: keuzehulp conversations show ID [--json] | keuzehulp conversations delete ID');
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  const config = loadConfig();
  const store = openStore(config.databaseUrl);
  try {
    if (sub === 'delete') {
      const deleted = await store.delete(id);
      io.out(deleted ? `deleted ${id}` : `no conversation ${id}`);
      return deleted ? 0 : 1;
    }
    const record = await store.get(id);
    if (!record) {
      io.err(`no conversation ${id}`);
      return 1;
    }
    const transcript = await store.transcript(id);
    const shown = {
      id: record.id,
      state: record.state,
      channel: record.channel,
      language: record.language,
      closed: record.closed,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      transcript,
    };
    if (values.json) io.out(JSON.stringify(shown));
    else {
      io.out(`${record.id}  ${record.state}  ${record.channel}  ${record.language}  ${record.updatedAt}`);
      for (const entry of transcript) io.out(`[${entry.at}] ${entry.role}: ${entry.text}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
