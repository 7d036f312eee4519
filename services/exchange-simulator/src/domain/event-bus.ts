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
  /** The journal listener when there is exactly one (the service's case): delivered to without a loop. */
  private soleJournalListener: JournalListener | undefined = undefined;
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
    this.setJournalListeners([...this.journalListeners, listener]);
    return () => {
      this.setJournalListeners(this.journalListeners.filter((l) => l !== listener));
    };
  }

  private setJournalListeners(listeners: readonly JournalListener[]): void {
    this.journalListeners = listeners;
    this.hasJournalListeners = listeners.length > 0;
    this.soleJournalListener = listeners.length === 1 ? listeners[0] : undefined;
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
    let ji = 0;
    let mi = 0;
    try {
      // Listeners may run nested operations, which append to the queues: re-read the counts every time.
      while (ji < this.journalCount || mi < this.mdCount) {
        ji = this.deliverJournal(ji);
        for (; mi < this.mdCount; mi++) {
          const event = this.mdQueue[mi]!;
          this.mdQueue[mi] = undefined; // drop the reference once delivered
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

  /** Delivers the queued journal events from index `from` on; returns the index after the last one delivered. */
  private deliverJournal(from: number): number {
    const queue = this.journalQueue;
    let i = from;
    const sole = this.soleJournalListener;
    if (sole !== undefined) {
      // One listener: one try block for the whole run (re-entered only after a listener error), no loop
      // over listeners. The index moves past an event before its delivery, so a throwing listener skips
      // nothing and sees nothing twice.
      while (i < this.journalCount && this.soleJournalListener === sole) {
        try {
          while (i < this.journalCount && this.soleJournalListener === sole) {
            const event = queue[i]!;
            queue[i++] = undefined;
            sole(event);
          }
        } catch (error) {
          this.onListenerError(error);
        }
      }
      if (i >= this.journalCount) return i;
    }
    for (; i < this.journalCount; i++) {
      const event = queue[i]!;
      queue[i] = undefined;
      for (const listener of this.journalListeners) this.deliver(listener, event);
    }
    return i;
  }

  private deliver<E>(listener: (event: E) => void, event: E): void {
    try {
      listener(event);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
