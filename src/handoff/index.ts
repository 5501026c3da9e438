// The handoff layer: build the desk, its event bus and adviser sign-in on a conversation store.
import type { ConversationStore } from '../store/types.js';
import type { Logger } from '../logger.js';
import { HandoffDesk } from './desk.js';
import { AdviserAuth, type AuthOptions } from './auth.js';
import { InProcessEventBus } from './events.js';

export { HandoffDesk, DeskError } from './desk.js';
export { AdviserAuth } from './auth.js';
export { adviserAvailability } from './availability.js';

export interface DeskBundle {
  desk: HandoffDesk;
  auth: AdviserAuth;
  bus: InProcessEventBus;
  store: ConversationStore;
}

export function createDesk(store: ConversationStore, logger: Logger, options: AuthOptions & { now?: () => Date }): DeskBundle {
  const bus = new InProcessEventBus();
  const desk = new HandoffDesk({ store, bus, logger, ...(options.now ? { now: options.now } : {}) });
  const auth = new AdviserAuth(store.desk(), options);
  return { desk, auth, bus, store };
}
