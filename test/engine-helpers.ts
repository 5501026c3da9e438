// Test helpers for the dialogue: a real engine over an in-memory SQLite store and the bundled content.
import { createI18n } from '../src/content/i18n.js';
import { Engine } from '../src/engine/engine.js';
import { openStore } from '../src/store/index.js';
import type { ConversationStore } from '../src/store/types.js';
import { bundledContent, understander } from './helpers.js';

export async function testEngine(options: { now?: () => Date; store?: ConversationStore; liveActors?: number } = {}) {
  const content = bundledContent();
  const store = options.store ?? openStore('sqlite::memory:');
  const engine = new Engine({
    content,
    understander: understander(),
    store,
    i18n: await createI18n(content),
    ...(options.now ? { now: options.now } : {}),
    ...(options.liveActors !== undefined ? { liveActors: options.liveActors } : {}),
  });
  return { engine, store, content };
}
