/**
 * Delivers journal and market-data events to listeners. Events produced during an operation are buffered
 * and delivered after it completes, so a listener always sees a consistent engine and may even call back
 * into it: events caused by such a nested call are queued behind the ones being delivered, so every listener
 * sees every stream in order.
 *
 * A listener that throws does not disturb the engine or the other listeners; the error goes to
 * `onListenerError` (default: rethrown asynchronously, i.e. an uncaught exception — a bug should be loud).
 */
import type { JournalEvent, JournalListener } from "./journal.js";
import type { MarketDataEvent, MarketDataListener } from "./market-data.js";

export type ListenerErrorHandler = (error: unknown) => void;

export const rethrowAsync: ListenerErrorHandler = (error) => {
  queueMicrotask(() => {
    throw error;
  });
};

interface MarketDataSubscription {
  readonly symbol: string | undefined;
  readonly listener: MarketDataListener;
}

export class EventBus {
  private hasJournalListeners = false;
  private journalListeners: readonly JournalListener[] = [];
  private mdSubscriptions: readonly MarketDataSubscription[] = [];
  // Queues with explicit lengths: resetting a count is cheaper than truncating an array after every operation.
  private readonly journalQueue: (JournalEvent | undefined)[] = [];
  private journalCount = 0;
  private readonly mdQueue: (MarketDataEvent | undefined)[] = [];
  private mdCount = 0;
  private flushing = false;

  constructor(private readonly onListenerError: ListenerErrorHandler = rethrowAsync) {}

  /**
   * True while someone subscribes to the journal. Producers test it before building an event: with nobody
   * listening, an event object would be garbage the moment it is made. Sequence numbers advance either way,
   * so the numbering does not depend on who listens (a late subscriber sees the same seqs as an early one).
   */
  get journaling(): boolean {
    return this.hasJournalListeners;
  }

  /** Queues a journal event for delivery; dropped at once when nobody listens. */
  journal(event: JournalEvent): void {
    if (this.hasJournalListeners) this.journalQueue[this.journalCount++] = event;
  }

  marketData(event: MarketDataEvent): void {
    this.mdQueue[this.mdCount++] = event;
  }

  subscribeJournal(listener: JournalListener): () => void {
    this.journalListeners = [...this.journalListeners, listener];
    this.hasJournalListeners = true;
    return () => {
      this.journalListeners = this.journalListeners.filter((l) => l !== listener);
      this.hasJournalListeners = this.journalListeners.length > 0;
    };
  }

  /** `symbol` undefined = every symbol. Returns the unsubscribe function. */
  subscribeMarketData(listener: MarketDataListener, symbol: string | undefined, onChange: () => void): () => void {
    const sub: MarketDataSubscription = { symbol, listener };
    this.mdSubscriptions = [...this.mdSubscriptions, sub];
    onChange();
    return () => {
      this.mdSubscriptions = this.mdSubscriptions.filter((s) => s !== sub);
      onChange();
    };
  }

  /** True if someone listens to market data of `symbol`. */
  hasMarketDataListener(symbol: string): boolean {
    return this.mdSubscriptions.some((s) => s.symbol === undefined || s.symbol === symbol);
  }

  /** Delivers everything queued; called by the engine at the end of every operation. */
  flush(): void {
    if (this.journalCount === 0 && this.mdCount === 0) return;
    if (this.flushing) return; // a nested operation's events are picked up by the loop below
    this.flushing = true;
    const jq = this.journalQueue;
    const mq = this.mdQueue;
    let ji = 0;
    let mi = 0;
    try {
      while (ji < this.journalCount || mi < this.mdCount) {
        for (; ji < this.journalCount; ji++) {
          const event = jq[ji]!;
          jq[ji] = undefined; // drop the reference once delivered
          for (const listener of this.journalListeners) this.deliver(listener, event);
        }
        for (; mi < this.mdCount; mi++) {
          const event = mq[mi]!;
          mq[mi] = undefined;
          for (const s of this.mdSubscriptions) {
            if (s.symbol === undefined || s.symbol === event.symbol) this.deliver(s.listener, event);
          }
        }
      }
    } finally {
      this.journalCount = 0;
      this.mdCount = 0;
      this.flushing = false;
    }
  }

  private deliver<E>(listener: (event: E) => void, event: E): void {
    try {
      listener(event);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
