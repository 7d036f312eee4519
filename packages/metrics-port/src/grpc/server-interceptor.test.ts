/**
 * Against a real grpc-js server and client on 127.0.0.1. The server records a call before the client can
 * see its end (the status is recorded as it is handed to the transport; grpc-js's follow-up `onCancel` runs
 * on the next tick, long before the client's socket read), so awaiting the client's result is enough to
 * assert on — including that nothing was recorded twice.
 */
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
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

const svc = { grpc_service: ECHO_SERVICE };

let echo: EchoHarness | undefined;
afterEach(() => {
  echo?.close();
  echo = undefined;
});

async function serve(extra: grpc.ServerInterceptor[] = []) {
  const metrics = createRecordingMetrics();
  echo = await startEcho({ serverInterceptors: [serverMetricsInterceptor(metrics), ...extra] });
  return { metrics, echo };
}

/** Every handled series of one method with a non-zero value, as {code: count}. */
function handledCodes(m: RecordingMetrics, method: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of m.series("grpc_server_handled_total")) {
    if (s.labels.grpc_method === method && s.value !== 0) out[s.labels.grpc_code!] = s.value;
  }
  return out;
}

describe("serverMetricsInterceptor: call types and message counts", () => {
  it("unary: started, handled OK, one message each way, latency under grpc_code=OK", async () => {
    const { metrics, echo } = await serve();
    expect(await say(echo.client, { text: "hi" })).toMatchObject({ code: grpc.status.OK });
    const labels = { ...svc, grpc_type: "unary", grpc_method: "Say" };
    metrics.expectCounter("grpc_server_started_total", labels).toBe(1);
    expect(handledCodes(metrics, "Say")).toEqual({ OK: 1 });
    metrics.expectCounter("grpc_server_handled_total", { ...labels, grpc_code: "OK" }).toBe(1);
    metrics.expectCounter("grpc_server_msg_received_total", labels).toBe(1);
    metrics.expectCounter("grpc_server_msg_sent_total", labels).toBe(1);
    const h = metrics.histogramSnapshot("grpc_server_handling_seconds", { ...labels, grpc_code: "OK" });
    expect(h.count).toBe(1);
    expect(h.sum).toBeGreaterThan(0);
    expect(h.sum).toBeLessThan(5);
  });

  it("client stream of 3 messages: 3 received, 1 sent", async () => {
    const { metrics, echo } = await serve();
    const r = await collect(echo.client, [{ text: "a" }, { text: "b" }, { text: "c" }]);
    expect(r).toMatchObject({ code: grpc.status.OK, replies: [{ count: 3 }] });
    const labels = { ...svc, grpc_type: "client_stream", grpc_method: "Collect" };
    metrics.expectCounter("grpc_server_started_total", labels).toBe(1);
    metrics.expectCounter("grpc_server_msg_received_total", labels).toBe(3);
    metrics.expectCounter("grpc_server_msg_sent_total", labels).toBe(1);
    metrics.expectCounter("grpc_server_handled_total", { ...labels, grpc_code: "OK" }).toBe(1);
  });

  it("server stream of 4 replies: 1 received, 4 sent", async () => {
    const { metrics, echo } = await serve();
    expect((await repeat(echo.client, { text: "x", count: 4 })).replies).toHaveLength(4);
    const labels = { ...svc, grpc_type: "server_stream", grpc_method: "Repeat" };
    metrics.expectCounter("grpc_server_msg_received_total", labels).toBe(1);
    metrics.expectCounter("grpc_server_msg_sent_total", labels).toBe(4);
    metrics.expectCounter("grpc_server_handled_total", { ...labels, grpc_code: "OK" }).toBe(1);
  });

  it("bidi stream of 5 messages each way", async () => {
    const { metrics, echo } = await serve();
    const msgs = ["1", "2", "3", "4", "5"].map((text) => ({ text }));
    expect((await chat(echo.client, msgs)).replies).toHaveLength(5);
    const labels = { ...svc, grpc_type: "bidi_stream", grpc_method: "Chat" };
    metrics.expectCounter("grpc_server_started_total", labels).toBe(1);
    metrics.expectCounter("grpc_server_msg_received_total", labels).toBe(5);
    metrics.expectCounter("grpc_server_msg_sent_total", labels).toBe(5);
    metrics.expectCounter("grpc_server_handled_total", { ...labels, grpc_code: "OK" }).toBe(1);
  });

  it("a stream that fails after 2 replies: NotFound, 2 sent", async () => {
    const { metrics, echo } = await serve();
    const r = await repeat(echo.client, { count: 2, outcome: "not_found" });
    expect(r).toMatchObject({ code: grpc.status.NOT_FOUND });
    expect(handledCodes(metrics, "Repeat")).toEqual({ NotFound: 1 });
    metrics.expectCounter("grpc_server_msg_sent_total", { grpc_method: "Repeat" }).toBe(2);
  });
});

describe("serverMetricsInterceptor: status codes", () => {
  it.each([
    ["not_found", grpc.status.NOT_FOUND, "NotFound"],
    ["invalid_argument", grpc.status.INVALID_ARGUMENT, "InvalidArgument"],
    ["throw", grpc.status.UNKNOWN, "Unknown"],
  ] as const)("outcome %s → %s, once, with its latency under that code", async (outcome, code, name) => {
    const { metrics, echo } = await serve();
    expect(await say(echo.client, { outcome })).toMatchObject({ code });
    expect(handledCodes(metrics, "Say")).toEqual({ [name]: 1 });
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds", { grpc_code: name }).count).toBe(1);
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds", { grpc_code: "OK" }).count).toBe(0);
    metrics.expectCounter("grpc_server_msg_received_total", { grpc_method: "Say" }).toBe(1);
    // A failed unary call sends no response message.
    metrics.expectCounter("grpc_server_msg_sent_total", { grpc_method: "Say" }).toBe(0);
  });

  it("records a client cancel (which never reaches sendStatus) as Canceled", async () => {
    const { metrics, echo } = await serve();
    const hanging = echo.next("hanging");
    const { call, result } = startSay(echo.client, { outcome: "hang" }, { deadline: Date.now() + 30_000 });
    await hanging;
    const cancelled = echo.next("cancelled");
    call.cancel();
    await cancelled; // the handler saw it, so the interceptor (which runs first) has recorded it
    expect(await result).toMatchObject({ code: grpc.status.CANCELLED });
    expect(handledCodes(metrics, "Say")).toEqual({ Canceled: 1 });
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds", { grpc_code: "Canceled" }).count).toBe(1);
  });

  it("records a client deadline (also invisible to sendStatus) as DeadlineExceeded", async () => {
    const { metrics, echo } = await serve();
    const cancelled = echo.next("cancelled");
    const { result } = startSay(echo.client, { outcome: "hang" }, { deadline: Date.now() + 150 });
    await cancelled;
    expect(await result).toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    expect(handledCodes(metrics, "Say")).toEqual({ DeadlineExceeded: 1 });
    const h = metrics.histogramSnapshot("grpc_server_handling_seconds", { grpc_code: "DeadlineExceeded" });
    expect(h.count).toBe(1);
    expect(h.sum).toBeGreaterThan(0.1);
  });

  it("records a cancelled stream once, with the messages sent before the cancel", async () => {
    const { metrics, echo } = await serve();
    const hanging = echo.next("hanging");
    const { call, result } = startRepeat(echo.client, { count: 2, outcome: "hang" });
    await hanging;
    const cancelled = echo.next("cancelled");
    call.cancel();
    await cancelled;
    expect(await result).toMatchObject({ code: grpc.status.CANCELLED });
    expect(handledCodes(metrics, "Repeat")).toEqual({ Canceled: 1 });
    metrics.expectCounter("grpc_server_msg_sent_total", { grpc_method: "Repeat" }).toBe(2);
  });

  it.each([
    ["late_reply", "a reply"],
    ["late_error", "an error status"],
  ] as const)("ignores what a %s handler sends after the client cancelled (%s)", async (outcome, _what) => {
    const { metrics, echo } = await serve();
    const hanging = echo.next("hanging");
    const { call, result } = startSay(echo.client, { outcome });
    await hanging;
    const late = echo.next("late");
    call.cancel();
    await late; // the handler has answered, through the interceptor, after the cancel was recorded
    await result;
    expect(handledCodes(metrics, "Say")).toEqual({ Canceled: 1 });
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds").count).toBe(1);
    metrics.expectCounter("grpc_server_msg_sent_total", { grpc_method: "Say" }).toBe(0);
  });

  it("records each of many calls exactly once", async () => {
    const { metrics, echo } = await serve();
    const outcomes = ["", "not_found", "", "throw", "", "invalid_argument"] as const;
    await Promise.all(outcomes.map((outcome) => say(echo.client, { outcome })));
    metrics.expectCounter("grpc_server_started_total").toBe(6);
    expect(handledCodes(metrics, "Say")).toEqual({ OK: 3, NotFound: 1, Unknown: 1, InvalidArgument: 1 });
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds").count).toBe(6);
  });
});

describe("serverMetricsInterceptor: position and limits", () => {
  /** Rejects calls without an `authorization` header, as an auth interceptor would, without running the handler. */
  const auth: grpc.ServerInterceptor = (_descriptor, call) =>
    new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            if (metadata.get("authorization").length === 0) {
              call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: "no token" });
            } else {
              nextMetadata(metadata);
            }
          },
        });
      },
    });

  it("placed first, sees the Unauthenticated a later interceptor answers with", async () => {
    const { metrics, echo } = await serve([auth]);
    expect(await say(echo.client, { text: "x" })).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    metrics.expectCounter("grpc_server_started_total", { grpc_method: "Say" }).toBe(1);
    expect(handledCodes(metrics, "Say")).toEqual({ Unauthenticated: 1 });
    metrics.expectCounter("grpc_server_msg_sent_total", { grpc_method: "Say" }).toBe(0);
  });

  it("placed after the auth interceptor, misreports the rejection as Canceled (why it must go first)", async () => {
    const metrics = createRecordingMetrics();
    echo = await startEcho({ serverInterceptors: [auth, serverMetricsInterceptor(metrics)] });
    expect(await say(echo.client, { text: "x" })).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    // The status went out below it; all that reaches it is the stream closing.
    expect(handledCodes(metrics, "Say")).toEqual({ Canceled: 1 });
  });

  it("sees a request grpc-js cannot decode only as a closed stream: Canceled, though the client gets Internal", async () => {
    const { metrics, echo } = await serve();
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff]); // not a protobuf message
    const code = await new Promise<grpc.status>((resolve) => {
      echo.client.makeUnaryRequest(
        `/${ECHO_SERVICE}/Say`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        garbage,
        (err) => resolve(err ? err.code : grpc.status.OK),
      );
    });
    expect(code).toBe(grpc.status.INTERNAL);
    // grpc-js sends that status from the transport, below every interceptor (documented limitation).
    expect(handledCodes(metrics, "Say")).toEqual({ Canceled: 1 });
    metrics.expectCounter("grpc_server_msg_received_total", { grpc_method: "Say" }).toBe(0);
  });

  it("cannot see unknown methods: grpc-js answers UNIMPLEMENTED before any interceptor runs", async () => {
    const { metrics, echo } = await serve();
    const code = await new Promise<grpc.status>((resolve) => {
      echo.client.makeUnaryRequest(
        `/${ECHO_SERVICE}/NoSuchMethod`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (err) => resolve(err ? err.code : grpc.status.OK),
      );
    });
    expect(code).toBe(grpc.status.UNIMPLEMENTED);
    // Nothing at all was recorded: not the call, not its status (documented limitation).
    expect(metrics.series("grpc_server_started_total")).toEqual([]);
    expect(metrics.series("grpc_server_handled_total")).toEqual([]);
    // The server still records the next real call normally.
    await say(echo.client, {});
    metrics.expectCounter("grpc_server_started_total").toBe(1);
  });
});
