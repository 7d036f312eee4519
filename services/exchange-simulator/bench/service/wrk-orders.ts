/** HTTP order entry with wrk and orders.lua (the order mix of order-mix.ts). */
import { fileURLToPath } from "node:url";
import { mixEnv, type OrderMix } from "./order-mix.js";
import { runTagged } from "./tagged-output.js";

const SCRIPT = fileURLToPath(new URL("./orders.lua", import.meta.url));

export interface WrkResult {
  requests: number;
  answered: number;
  durationUs: number;
  not201: number;
  /** 201 answers whose order was REJECTED (a business rejection). */
  rejected: number;
  socketErrors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; max: number };
}

export interface WrkOptions {
  readonly httpUrl: string;
  readonly mix: OrderMix;
  readonly seconds: number;
  readonly connections: number;
  readonly threads: number;
}

export function runWrk({ httpUrl, mix, seconds, connections, threads }: WrkOptions): Promise<WrkResult> {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", SCRIPT, httpUrl];
  return runTagged<WrkResult>("wrk", args, "WRK_RESULT", mixEnv(mix));
}
