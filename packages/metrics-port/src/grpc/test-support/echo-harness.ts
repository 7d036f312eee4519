/**
 * A real grpc-js Echo server and client on 127.0.0.1 (ephemeral port) for the interceptor tests. The server's
 * behaviour is chosen per request through `outcome`, and the moments a test must wait for (a handler is
 * running, it noticed the cancel, it answered too late) are events, so tests never sleep.
 */
import { EventEmitter, once } from "node:events";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

export const ECHO_SERVICE = "tse.grpcmetrics.test.v1.Echo";

/**
 * "" answers normally; "not_found" / "invalid_argument" return that status; "throw" throws in the handler;
 * "hang" never answers; "late_reply" / "late_error" answer only after the client has cancelled.
 * Repeat sends `count` replies first, then applies the outcome.
 */
export type EchoOutcome = "" | "not_found" | "invalid_argument" | "throw" | "hang" | "late_reply" | "late_error";

export interface EchoRequest {
  text?: string;
  outcome?: EchoOutcome;
  count?: number;
}
export interface EchoReply {
  text: string;
  count: number;
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

export interface EchoClient extends grpc.Client {
  Say(req: EchoRequest, md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<EchoReply>): grpc.ClientUnaryCall;
  Collect(md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<EchoReply>): grpc.ClientWritableStream<EchoRequest>;
  Repeat(req: EchoRequest, md: grpc.Metadata, opts: grpc.CallOptions): grpc.ClientReadableStream<EchoReply>;
  Chat(md: grpc.Metadata, opts: grpc.CallOptions): grpc.ClientDuplexStream<EchoRequest, EchoReply>;
}

/** Events: "hanging" (a handler is waiting), "cancelled" (a handler saw the cancel), "late" (it answered anyway). */
export type EchoEvent = "hanging" | "cancelled" | "late";

const PROTO = fileURLToPath(new URL("../test-fixtures/echo.proto", import.meta.url));
const pkg = grpc.loadPackageDefinition(
  protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: true }),
) as unknown as {
  tse: { grpcmetrics: { test: { v1: { Echo: grpc.ServiceClientConstructor } } } };
};
const EchoConstructor = pkg.tse.grpcmetrics.test.v1.Echo;
export const echoService: grpc.ServiceDefinition = EchoConstructor.service;

const statusFor: Partial<Record<EchoOutcome, grpc.status>> = {
  not_found: grpc.status.NOT_FOUND,
  invalid_argument: grpc.status.INVALID_ARGUMENT,
};

function failure(outcome: EchoOutcome | undefined): Partial<grpc.StatusObject> | undefined {
  const code = outcome ? statusFor[outcome] : undefined;
  return code === undefined ? undefined : { code, details: `test outcome ${outcome}` };
}

function handlers(events: EventEmitter): grpc.UntypedServiceImplementation {
  /** Parks a call until the client goes away; `late` answers after that, as a slow handler would. */
  const park = (call: EventEmitter, late?: () => void) => {
    call.once("cancelled", () => {
      events.emit("cancelled");
      if (late) {
        late();
        events.emit("late");
      }
    });
    events.emit("hanging");
  };

  const Say: grpc.handleUnaryCall<EchoRequest, EchoReply> = (call, cb) => {
    const { text = "", outcome = "" } = call.request;
    if (outcome === "throw") throw new Error("test outcome throw");
    if (outcome === "hang") return park(call);
    if (outcome === "late_reply") return park(call, () => cb(null, { text, count: 1 }));
    if (outcome === "late_error") return park(call, () => cb({ code: grpc.status.NOT_FOUND, details: "late" }));
    const err = failure(outcome);
    if (err) return cb(err);
    cb(null, { text, count: 1 });
  };

  const Collect: grpc.handleClientStreamingCall<EchoRequest, EchoReply> = (call, cb) => {
    const texts: string[] = [];
    let outcome: EchoOutcome = "";
    call.on("data", (m: EchoRequest) => {
      texts.push(m.text ?? "");
      if (m.outcome) outcome = m.outcome;
    });
    call.on("end", () => {
      const err = failure(outcome);
      if (err) cb(err);
      else cb(null, { text: texts.join(" "), count: texts.length });
    });
  };

  const Repeat: grpc.handleServerStreamingCall<EchoRequest, EchoReply> = (call) => {
    const { text = "", outcome = "", count = 0 } = call.request;
    for (let i = 0; i < count; i++) call.write({ text, count: i + 1 });
    if (outcome === "hang") return park(call);
    const err = failure(outcome);
    if (err) call.emit("error", err);
    else call.end();
  };

  const Chat: grpc.handleBidiStreamingCall<EchoRequest, EchoReply> = (call) => {
    let n = 0;
    call.on("data", (m: EchoRequest) => {
      n += 1;
      if (m.outcome === "hang") return park(call);
      call.write({ text: m.text ?? "", count: n });
    });
    call.on("end", () => call.end());
  };

  return { Say, Collect, Repeat, Chat };
}

export interface EchoHarness {
  readonly client: EchoClient;
  readonly address: string;
  /** Resolves on the next occurrence of `event`; subscribe BEFORE triggering it. Rejects after 5 s. */
  next(event: EchoEvent): Promise<unknown>;
  close(): void;
}

export async function startEcho(
  options: { serverInterceptors?: grpc.ServerInterceptor[]; clientInterceptors?: grpc.Interceptor[] } = {},
): Promise<EchoHarness> {
  const events = new EventEmitter();
  const server = new grpc.Server({ interceptors: options.serverInterceptors ?? [] });
  server.addService(echoService, handlers(events));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const address = `127.0.0.1:${port}`;
  const client = new EchoConstructor(address, grpc.credentials.createInsecure(), {
    interceptors: options.clientInterceptors ?? [],
  }) as unknown as EchoClient;
  return {
    client,
    address,
    next: (event) => once(events, event, { signal: AbortSignal.timeout(5000) }),
    close() {
      client.close();
      server.forceShutdown();
    },
  };
}

/** How a call ended, as its caller saw it. */
export interface CallResult {
  code: grpc.status;
  replies: EchoReply[];
}

const codeOf = (err: grpc.ServiceError | null | undefined) => (err ? err.code : grpc.status.OK);

export function say(client: EchoClient, req: EchoRequest, opts: grpc.CallOptions = {}): Promise<CallResult> {
  return new Promise((resolve) => {
    client.Say(req, new grpc.Metadata(), opts, (err, reply) => resolve({ code: codeOf(err), replies: reply ? [reply] : [] }));
  });
}

/** Starts a unary call and returns it (to cancel) together with its result. */
export function startSay(client: EchoClient, req: EchoRequest, opts: grpc.CallOptions = {}) {
  let call!: grpc.ClientUnaryCall;
  const result = new Promise<CallResult>((resolve) => {
    call = client.Say(req, new grpc.Metadata(), opts, (err, reply) =>
      resolve({ code: codeOf(err), replies: reply ? [reply] : [] }),
    );
  });
  return { call, result };
}

export function collect(client: EchoClient, reqs: EchoRequest[], opts: grpc.CallOptions = {}): Promise<CallResult> {
  return new Promise((resolve) => {
    const call = client.Collect(new grpc.Metadata(), opts, (err, reply) =>
      resolve({ code: codeOf(err), replies: reply ? [reply] : [] }),
    );
    for (const r of reqs) call.write(r);
    call.end();
  });
}

/** Reads a response stream to its status. */
function drain(call: grpc.ClientReadableStream<EchoReply> | grpc.ClientDuplexStream<EchoRequest, EchoReply>) {
  return new Promise<CallResult>((resolve) => {
    const replies: EchoReply[] = [];
    let code: grpc.status | undefined;
    call.on("data", (r: EchoReply) => replies.push(r));
    call.on("error", (err: grpc.ServiceError) => {
      code = err.code;
    });
    // "status" comes last in every case, after the data and after an error.
    call.on("status", (s: grpc.StatusObject) => resolve({ code: code ?? s.code, replies }));
  });
}

export function repeat(client: EchoClient, req: EchoRequest, opts: grpc.CallOptions = {}): Promise<CallResult> {
  return drain(client.Repeat(req, new grpc.Metadata(), opts));
}

export function startRepeat(client: EchoClient, req: EchoRequest, opts: grpc.CallOptions = {}) {
  const call = client.Repeat(req, new grpc.Metadata(), opts);
  return { call, result: drain(call) };
}

export function chat(client: EchoClient, reqs: EchoRequest[], opts: grpc.CallOptions = {}): Promise<CallResult> {
  const call = client.Chat(new grpc.Metadata(), opts);
  const result = drain(call);
  for (const r of reqs) call.write(r);
  call.end();
  return result;
}
