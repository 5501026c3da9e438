// Direct Line conversations held by this server: the activity log of each (for watermark paging and replay) and
// the WebSocket streams listening to it. The log is kept in memory, bounded, and forgotten after inactivity; the
// conversation itself (dialogue state, transcript) lives in the engine's store, so it survives a restart.
import type { Activity } from 'botbuilder';
import { WebSocket } from 'ws';

/** Activities kept per conversation for replay (older ones are dropped first). */
export const MAX_LOGGED_ACTIVITIES = 500;

interface Logged {
  seq: number;
  activity: Partial<Activity>;
}

export interface HubConversation {
  id: string;
  log: Logged[];
  /** Sequence number of the last activity (the watermark a client has after seeing everything). */
  last: number;
  sockets: Set<WebSocket>;
  lastUsed: number;
}

export interface ActivitySet {
  activities: Array<Partial<Activity>>;
  watermark: string;
}

export class ConversationHub {
  private readonly conversations = new Map<string, HubConversation>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  has(id: string): boolean {
    return this.conversations.has(id);
  }

  get size(): number {
    return this.conversations.size;
  }

  /**
   * The conversation, created when unknown. `watermark` (from a client that reconnects after a restart) makes new
   * activities continue after what it has already seen.
   */
  open(id: string, watermark = 0): HubConversation {
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = { id, log: [], last: Math.max(0, watermark), sockets: new Set(), lastUsed: this.now() };
      this.conversations.set(id, conversation);
    }
    conversation.lastUsed = this.now();
    return conversation;
  }

  /** Add an activity: it gets its id (`conversation|seq`) and goes to every open stream at once. */
  append(id: string, activity: Partial<Activity>): Partial<Activity> {
    return this.appendAll(id, [activity])[0]!;
  }

  /** Add the activities of one bot turn together: one ActivitySet frame on each stream instead of one per activity. */
  appendAll(id: string, activities: Array<Partial<Activity>>): Array<Partial<Activity>> {
    const conversation = this.open(id);
    const logged = activities.map((activity) => {
      // Sequence numbers follow the clock (and never go back): after a restart, new activities (an adviser's
      // message before the visitor reconnects) still come after every watermark the visitor already holds.
      const seq = (conversation.last = Math.max(conversation.last + 1, this.now()));
      const entry = { ...activity, id: `${id}|${String(seq).padStart(7, '0')}` };
      conversation.log.push({ seq, activity: entry });
      return entry;
    });
    if (conversation.log.length > MAX_LOGGED_ACTIVITIES) conversation.log.splice(0, conversation.log.length - MAX_LOGGED_ACTIVITIES);
    if (logged.length > 0 && conversation.sockets.size > 0) {
      const frame = JSON.stringify({ activities: logged, watermark: String(conversation.last) } satisfies ActivitySet);
      for (const socket of conversation.sockets) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    }
    return logged;
  }

  /** Activities after `watermark` (all when it is missing or not a number). */
  since(id: string, watermark: string | undefined): ActivitySet {
    const conversation = this.open(id, parseWatermark(watermark));
    const after = parseWatermark(watermark);
    return {
      activities: conversation.log.filter((l) => l.seq > after).map((l) => l.activity),
      watermark: String(conversation.last),
    };
  }

  /** Stream to a socket: first what it missed since `watermark`, then every new activity. */
  attach(id: string, socket: WebSocket, watermark: string | undefined): void {
    const missed = this.since(id, watermark);
    const conversation = this.open(id);
    // One stream per conversation, as in Direct Line: a new one (a reconnect) replaces the old.
    for (const old of conversation.sockets) old.close(1000, 'replaced by a newer stream');
    conversation.sockets.clear();
    if (missed.activities.length > 0) socket.send(JSON.stringify(missed));
    conversation.sockets.add(socket);
    socket.on('close', () => conversation.sockets.delete(socket));
  }

  /** Send an empty frame to every stream (Direct Line's keep-alive), so proxies keep idle sockets open. */
  keepAlive(): void {
    for (const conversation of this.conversations.values()) {
      for (const socket of conversation.sockets) if (socket.readyState === WebSocket.OPEN) socket.send('');
    }
  }

  /** Forget logs of conversations without streams that were not used for `idleMs`. */
  sweep(idleMs: number): number {
    const before = this.now() - idleMs;
    let removed = 0;
    for (const [id, conversation] of this.conversations) {
      if (conversation.sockets.size === 0 && conversation.lastUsed < before) {
        this.conversations.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Close every stream (server shutdown). */
  closeAll(code = 1001, reason = 'server stopping'): void {
    for (const conversation of this.conversations.values()) {
      for (const socket of conversation.sockets) socket.close(code, reason);
    }
  }
}

function parseWatermark(watermark: string | undefined): number {
  const n = watermark === undefined ? 0 : Number.parseInt(watermark, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
