/** Against a real grpc-js server and client on 127.0.0.1; the client records before its callback runs. */
import { type AddressInfo, createServer } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { clientMetricsInterceptor } from "./client-interceptor.js";
import { serverMetricsInterceptor } from "./server-interceptor.js";
import {
  chat,
  collect,
  ECHO_SERVICE,
  type EchoHarness,
  repeat,
  say,
  startEcho,
  startRepeat,
  startSay,
} from "./test-support/echo-harness.js";

let echo: EchoHarness | undefined;
afterEach(() => {
  echo?.close();
  echo = undefined;
});

async function connect() {
  const metrics = createRecordingMetrics();
  echo = await startEcho({ clientInterceptors: [clientMetricsInterceptor(metrics)] });
  return { metrics, echo };
}

function handledCodes(m: RecordingMetrics, method: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of m.series("grpc_client_handled_total")) {
    if (s.labels.grpc_method === method && s.value !== 0) out[s.labels.grpc_code!] = s.value;
  }
  return out;
}

describe("clientMetricsInterceptor", () => {
  it("unary: started, handled OK, one message each way, latency under grpc_code=OK", async () => {
    const { metrics, echo } = await connect();
    await say(echo.client, { text: "hi" });
    const labels = { grpc_type: "unary", grpc_service: ECHO_SERVICE, grpc_method: "Say" };
    metrics.expectCounter("grpc_client_started_total", labels).toBe(1);
    expect(handledCodes(metrics, "Say")).toEqual({ OK: 1 });
    metrics.expectCounter("grpc_client_msg_sent_total", labels).toBe(1);
    metrics.expectCounter("grpc_client_msg_received_total", labels).toBe(1);
    expect(metrics.histogramSnapshot("grpc_client_handling_seconds", { ...labels, grpc_code: "OK" }).count).toBe(1);
  });

  it("counts stream messages from the client's side", async () => {
    const { metrics, echo } = await connect();
    await collect(echo.client, [{ text: "a" }, { text: "b" }, { text: "c" }]);
    await repeat(echo.client, { count: 4 });
    await chat(echo.client, [{ text: "1" }, { text: "2" }]);
    const sent = (m: string) => metrics.value("grpc_client_msg_sent_total", { grpc_method: m });
    const received = (m: string) => metrics.value("grpc_client_msg_received_total", { grpc_method: m });
    expect([sent("Collect"), received("Collect")]).toEqual([3, 1]);
    expect([sent("Repeat"), received("Repeat")]).toEqual([1, 4]);
    expect([sent("Chat"), received("Chat")]).toEqual([2, 2]);
    metrics.expectCounter("grpc_client_started_total", { grpc_type: "client_stream" }).toBe(1);
    metrics.expectCounter("grpc_client_started_total", { grpc_type: "server_stream" }).toBe(1);
    metrics.expectCounter("grpc_client_started_total", { grpc_type: "bidi_stream" }).toBe(1);
    metrics.expectCounter("grpc_client_handled_total", { grpc_code: "OK" }).toBe(3);
  });

  it.each([
    ["not_found", "NotFound"],
    ["invalid_argument", "InvalidArgument"],
    ["throw", "Unknown"],
  ] as const)("records the server's error %s as %s", async (outcome, name) => {
    const { metrics, echo } = await connect();
    await say(echo.client, { outcome });
    expect(handledCodes(metrics, "Say")).toEqual({ [name]: 1 });
    expect(metrics.histogramSnapshot("grpc_client_handling_seconds", { grpc_code: name }).count).toBe(1);
    metrics.expectCounter("grpc_client_msg_received_total").toBe(0);
  });

  it("records its own deadline as DeadlineExceeded", async () => {
    const { metrics, echo } = await connect();
    const r = await say(echo.client, { outcome: "hang" }, { deadline: Date.now() + 100 });
    expect(r.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(handledCodes(metrics, "Say")).toEqual({ DeadlineExceeded: 1 });
    expect(metrics.histogramSnapshot("grpc_client_handling_seconds").sum).toBeGreaterThan(0.09);
  });

  it("records its own cancel as Canceled, with the messages received before it", async () => {
    const { metrics, echo } = await connect();
    const hanging = echo.next("hanging");
    const { call, result } = startRepeat(echo.client, { count: 2, outcome: "hang" });
    await hanging;
    // The two replies were written before the handler parked; wait until the client has them.
    await new Promise<void>((resolve) => {
      let n = 0;
      call.on("data", () => ++n === 2 && resolve());
    });
    call.cancel();
    expect((await result).code).toBe(grpc.status.CANCELLED);
    expect(handledCodes(metrics, "Repeat")).toEqual({ Canceled: 1 });
    metrics.expectCounter("grpc_client_msg_received_total", { grpc_method: "Repeat" }).toBe(2);
  });

  it("records a cancelled unary call once", async () => {
    const { metrics, echo } = await connect();
    const hanging = echo.next("hanging");
    const { call, result } = startSay(echo.client, { outcome: "hang" });
    await hanging;
    call.cancel();
    await result;
    expect(handledCodes(metrics, "Say")).toEqual({ Canceled: 1 });
  });

  it("sees the Unimplemented a server answers for an unknown method (which server metrics cannot)", async () => {
    const { metrics, echo } = await connect();
    await new Promise<void>((resolve) => {
      echo.client.makeUnaryRequest(
        `/${ECHO_SERVICE}/NoSuchMethod`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        () => resolve(),
      );
    });
    metrics.expectCounter("grpc_client_handled_total", { grpc_method: "NoSuchMethod", grpc_code: "Unimplemented" }).toBe(1);
  });

  it("records Unavailable when the peer is not a gRPC server", async () => {
    const metrics = createRecordingMetrics();
    // A TCP listener that hangs up at once: the connection fails without racing for a freed port.
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, "127.0.0.1", resolve));
    const { port } = hangUp.address() as AddressInfo;
    const Client = grpc.makeGenericClientConstructor({}, "Probe");
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      interceptors: [clientMetricsInterceptor(metrics)],
    });
    try {
      const code = await new Promise<grpc.status>((resolve) => {
        client.makeUnaryRequest(
          `/${ECHO_SERVICE}/Say`,
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.alloc(0),
          { deadline: Date.now() + 5000 },
          (err) => resolve(err ? err.code : grpc.status.OK),
        );
      });
      expect(code).toBe(grpc.status.UNAVAILABLE);
      expect(handledCodes(metrics, "Say")).toEqual({ Unavailable: 1 });
      metrics.expectCounter("grpc_client_msg_received_total").toBe(0);
    } finally {
      client.close();
      hangUp.close();
    }
  });
});

describe("client and server interceptors together", () => {
  it("agree on every count for a mixed workload", async () => {
    const server = createRecordingMetrics();
    const client = createRecordingMetrics();
    echo = await startEcho({
      serverInterceptors: [serverMetricsInterceptor(server)],
      clientInterceptors: [clientMetricsInterceptor(client)],
    });
    await say(echo.client, { text: "a" });
    await say(echo.client, { outcome: "not_found" });
    await collect(echo.client, [{ text: "a" }, { text: "b" }]);
    await repeat(echo.client, { count: 3 });
    await chat(echo.client, [{ text: "1" }, { text: "2" }, { text: "3" }]);
    const strip = (m: RecordingMetrics, name: string) =>
      m
        .series(name)
        .map((s) => `${JSON.stringify(s.labels)}=${s.value}`)
        .sort();
    for (const suffix of ["started_total", "handled_total"]) {
      expect(strip(client, `grpc_client_${suffix}`)).toEqual(strip(server, `grpc_server_${suffix}`));
    }
    // What one side sends, the other receives.
    expect(strip(client, "grpc_client_msg_sent_total")).toEqual(strip(server, "grpc_server_msg_received_total"));
    expect(strip(client, "grpc_client_msg_received_total")).toEqual(strip(server, "grpc_server_msg_sent_total"));
  });
});
