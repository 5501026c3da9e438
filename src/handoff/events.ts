// The desk's event bus: what changed, for the live adviser console. In-process for one instance (SQLite); a
// PostgreSQL deployment would carry the same events over LISTEN/NOTIFY between instances.
import { EventEmitter } from 'node:events';
import type { TranscriptEntry } from '../store/types.js';

export type DeskEvent =
  /** The queue changed (new, claimed, cancelled, closed, priority). */
  | { type: 'queue' }
  /** A new line in a conversation's transcript (the person, the adviser, or the bot). */
  | { type: 'message'; conversationId: string; entry: TranscriptEntry }
  /** Signs of acute danger in a conversation in the queue or with an adviser: the person already got the numbers. */
  | { type: 'crisis'; conversationId: string }
  /** The request changed state (claimed, released, closed, cancelled by the person). */
  | { type: 'status'; conversationId: string; status: string; by: { email: string; name: string } | null };

export interface EventBus {
  publish(event: DeskEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open console is a listener; there is no leak at 11.
    this.emitter.setMaxListeners(0);
  }

  publish(event: DeskEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: DeskEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
