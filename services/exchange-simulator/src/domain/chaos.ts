/**
 * Fault injection hooks for chaos scenarios. Two of the three faults are engine state and live in the engine
 * (trading halts, price shocks — both journaled, so replay reproduces them); this one is not state: it makes
 * a fraction of incoming orders fail with a chosen reason, drawing from an injected random source so a
 * seeded scenario is reproducible. A rejected order changes nothing, so replay never needs the random source.
 */
import { isRejectReason, type RejectReason } from "./rejections.js";

export interface RejectionFault {
  /** Chance in [0, 1] that an order placement is rejected. */
  readonly probability: number;
  /** The reason the rejection carries (default EXCHANGE_BUSY). */
  readonly reason?: RejectReason;
}

export class RejectionInjector {
  private probability = 0;
  private reason: RejectReason = "EXCHANGE_BUSY";

  constructor(private readonly random: () => number) {}

  /** Starts (or, with probability 0 / undefined, stops) rejecting. Throws RangeError on a bad setting. */
  set(fault: RejectionFault | undefined): void {
    if (fault === undefined) {
      this.probability = 0;
      return;
    }
    const { probability, reason = "EXCHANGE_BUSY" } = fault;
    if (typeof probability !== "number" || !(probability >= 0 && probability <= 1)) {
      throw new RangeError(`rejection probability must be in [0, 1] (got ${probability})`);
    }
    if (!isRejectReason(reason)) throw new RangeError(`unknown rejection reason ${JSON.stringify(reason)}`);
    this.probability = probability;
    this.reason = reason;
  }

  get current(): Required<RejectionFault> | undefined {
    return this.probability > 0 ? { probability: this.probability, reason: this.reason } : undefined;
  }

  /** The reason to reject this order with, or undefined to let it through. */
  draw(): RejectReason | undefined {
    if (this.probability === 0) return undefined;
    return this.random() < this.probability ? this.reason : undefined;
  }
}

/** A small seedable PRNG (mulberry32) for deterministic scenarios and tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
