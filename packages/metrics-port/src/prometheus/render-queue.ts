/**
 * Runs scrape renders one at a time, and lets concurrent requests for the same format that are still waiting
 * share one render. Why serialise: `onCollect` callbacks (which run at the start of every render) need not be
 * reentrant, and N parallel renders of a large exposition would cost N times the memory for no benefit.
 * A request never receives a document whose render started before the request arrived: only renders that are
 * still queued are shared.
 */
import type { ExpositionFormat } from "./negotiation.js";

export class RenderQueue<T> {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly queued = new Map<ExpositionFormat, Promise<T>>();

  constructor(private readonly render: (format: ExpositionFormat) => Promise<T>) {}

  run(format: ExpositionFormat): Promise<T> {
    const waiting = this.queued.get(format);
    if (waiting) return waiting;
    const job = this.tail.then(() => {
      this.queued.delete(format); // from here on, new requests queue a fresh render
      return this.render(format);
    });
    this.queued.set(format, job);
    this.tail = job.catch(() => undefined); // one failed render must not wedge the queue
    return job;
  }
}
