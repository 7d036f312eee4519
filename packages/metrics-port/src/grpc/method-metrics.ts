/**
 * The hot path. Every gRPC call needs five series; building label objects and hashing them per call would
 * cost more than a small RPC itself, so each method's handles are bound once and kept: a call does one Map
 * lookup by path, and its end one array read by status code (codes are bound the first time they occur).
 */
import type { BoundCounter, BoundHistogram, Counter, Histogram } from "../instruments.js";
import type { MetricsPort } from "../port.js";
import { GRPC_CODES, grpcCodeName } from "./codes.js";
import {
  type GrpcCodeLabel,
  type GrpcMethodLabel,
  type GrpcMetricsOptions,
  grpcDescriptorsFor,
} from "./descriptors.js";
import { type GrpcMethodLabels, grpcMethodLabels } from "./method.js";

interface GrpcInstruments {
  readonly started: Counter<GrpcMethodLabel>;
  readonly handled: Counter<GrpcCodeLabel>;
  readonly msgReceived: Counter<GrpcMethodLabel>;
  readonly msgSent: Counter<GrpcMethodLabel>;
  readonly handlingSeconds: Histogram<GrpcCodeLabel>;
}

export function grpcInstruments(
  metrics: MetricsPort,
  side: "server" | "client",
  options?: GrpcMetricsOptions,
): GrpcInstruments {
  if (metrics === null || typeof metrics !== "object" || typeof metrics.counter !== "function") {
    throw new TypeError(`gRPC ${side} metrics need a MetricsPort (e.g. createNoopMetrics() when metrics are off)`);
  }
  const d = grpcDescriptorsFor(side, options);
  return {
    started: metrics.counter(d.started),
    handled: metrics.counter(d.handled),
    msgReceived: metrics.counter(d.msgReceived),
    msgSent: metrics.counter(d.msgSent),
    handlingSeconds: metrics.histogram(d.handlingSeconds),
  };
}

/** Bound handles of one method. */
export class MethodMetrics {
  readonly started: BoundCounter;
  readonly msgReceived: BoundCounter;
  readonly msgSent: BoundCounter;
  private readonly handledByCode: (BoundCounter | undefined)[] = [];
  private readonly secondsByCode: (BoundHistogram | undefined)[] = [];

  constructor(
    private readonly instruments: GrpcInstruments,
    private readonly labels: GrpcMethodLabels,
  ) {
    this.started = instruments.started.bind(labels);
    this.msgReceived = instruments.msgReceived.bind(labels);
    this.msgSent = instruments.msgSent.bind(labels);
  }

  handled(code: number): BoundCounter {
    return this.handledByCode[code] ?? this.bindCode(code, this.handledByCode, (l) => this.instruments.handled.bind(l));
  }

  handlingSeconds(code: number): BoundHistogram {
    return (
      this.secondsByCode[code] ??
      this.bindCode(code, this.secondsByCode, (l) => this.instruments.handlingSeconds.bind(l))
    );
  }

  /** Creates the zero series a dashboard expects before the first call: every code, and the OK latency. */
  initialize(): void {
    for (const code of GRPC_CODES) this.handled(code);
    this.handlingSeconds(0);
  }

  private bindCode<B>(code: number, cache: (B | undefined)[], bind: (labels: Record<GrpcCodeLabel, string>) => B): B {
    const handle = bind({ ...this.labels, grpc_code: grpcCodeName(code) });
    // Only the codes the specification defines are cached: anything else is a misbehaving peer, kept off
    // the array so it cannot grow it (the port still caps its series).
    if (Number.isInteger(code) && code >= 0 && code < GRPC_CODES.length) cache[code] = handle;
    return handle;
  }
}

/** Upper bound on cached methods; paths beyond it still record (the port folds them into overflow). */
const MAX_CACHED_METHODS = 1000;

export class MethodMetricsCache {
  private readonly byPath = new Map<string, MethodMetrics>();

  constructor(private readonly instruments: GrpcInstruments) {}

  get(path: string, requestStream: boolean, responseStream: boolean): MethodMetrics {
    const hit = this.byPath.get(path);
    if (hit !== undefined) return hit;
    const created = new MethodMetrics(this.instruments, grpcMethodLabels(path, requestStream, responseStream));
    if (this.byPath.size < MAX_CACHED_METHODS) this.byPath.set(path, created);
    return created;
  }
}

/**
 * One call's bookkeeping. Its end is recorded exactly once: grpc-js reports the end of a call more than
 * once on the server (the status, then `onCancel` when the stream closes), and a handler may still answer
 * after the client has gone. Messages after the end are not counted because they are never sent.
 */
export class CallTracker {
  private readonly startedAt = performance.now();
  private done = false;

  constructor(private readonly method: MethodMetrics) {
    method.started.inc();
  }

  get finished(): boolean {
    return this.done;
  }

  received(): void {
    if (!this.done) this.method.msgReceived.inc();
  }

  sent(): void {
    if (!this.done) this.method.msgSent.inc();
  }

  finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.method.handled(code).inc();
    this.method.handlingSeconds(code).observe((performance.now() - this.startedAt) / 1000);
  }
}
