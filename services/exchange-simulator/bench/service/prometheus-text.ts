/** Reading counters from the service's /metrics (Prometheus text format) for cross-checks. */

/** Sum of every sample of `family` (all label sets), e.g. exchange_orders_total. 0 if the family is absent. */
export function sumFamily(exposition: string, family: string): number {
  let sum = 0;
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(family)) continue;
    const next = line[family.length];
    if (next !== "{" && next !== " ") continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** The counters the benchmark cross-checks, at one instant. */
export interface ExchangeCounters {
  ordersAccepted: number;
  ordersRejected: number;
  trades: number;
  /** process_cpu_seconds_total of the service. */
  cpuSeconds: number;
}

export async function scrapeCounters(httpUrl: string): Promise<ExchangeCounters> {
  const res = await fetch(`${httpUrl}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const text = await res.text();
  return {
    ordersAccepted: sumFamily(text, "exchange_orders_total"),
    ordersRejected: sumFamily(text, "exchange_orders_rejected_total"),
    trades: sumFamily(text, "exchange_trades_total"),
    cpuSeconds: sumFamily(text, "process_cpu_seconds_total"),
  };
}

export function counterDelta(after: ExchangeCounters, before: ExchangeCounters): ExchangeCounters {
  return {
    ordersAccepted: after.ordersAccepted - before.ordersAccepted,
    ordersRejected: after.ordersRejected - before.ordersRejected,
    trades: after.trades - before.trades,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}
