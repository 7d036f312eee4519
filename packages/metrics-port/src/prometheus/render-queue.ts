/**
 * Runs scrape renders one at a time, and lets concurrent requests for the same document (same key: format
 * and encoding) that are still waiting share one render. Why serialise: `onCollect` callbacks (which run at
 * the start of every render) need not be reentrant, and N parallel renders of a large exposition would cost
 * N times the memory and CPU for no benefit. A request never receives a document whose render started before
 * the request arrived: only renders that are still queued are shared.
 */

export class RenderQueue<K, T> {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly queued = new Map<K, Promise<T>>();

  constructor(private readonly render: (key: K) => Promise<T>) {}

  run(key: K): Promise<T> {
    const waiting = this.queued.get(key);
    if (waiting) return waiting;
    const job = this.tail.then(() => {
      this.queued.delete(key); // from here on, new requests queue a fresh render
      return this.render(key);
    });
    this.queued.set(key, job);
    this.tail = job.catch(() => undefined); // one failed render must not wedge the queue
    return job;
  }
}
