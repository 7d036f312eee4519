import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { closeHttp, ListenError, listenHttp } from "./listen.js";

const silent = pino({ level: "silent" });

describe("listenHttp / closeHttp", () => {
  it("names the variables when the port is taken", async () => {
    const first = createServer();
    const { port } = await listenHttp(first, "127.0.0.1", 0);
    const second = createServer();
    const err = await listenHttp(second, "127.0.0.1", port).catch((e) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect(err.message).toBe(`cannot listen on 127.0.0.1:${port} (HTTP_HOST/HTTP_PORT): address already in use`);
    expect(await closeHttp(first, 1000, silent)).toBe(true);
    expect(await closeHttp(second, 1000, silent)).toBe(true); // never listened: nothing to do
  });

  it("reads the cause from grpc-js's bind message too", () => {
    const cause = new Error("No address added out of total 1 resolved errors: [listen EADDRINUSE: address already in use 127.0.0.1:5]");
    expect(new ListenError("GRPC", "127.0.0.1", 5, cause).message).toBe(
      "cannot listen on 127.0.0.1:5 (GRPC_HOST/GRPC_PORT): address already in use",
    );
    expect(new ListenError("HTTP", "10.9.9.9", 80, Object.assign(new Error("x"), { code: "EADDRNOTAVAIL" })).message).toBe(
      "cannot listen on 10.9.9.9:80 (HTTP_HOST/HTTP_PORT): address not available on this machine",
    );
  });

  it("cuts requests still running at the deadline and says so", async () => {
    const server = createServer(() => {
      // never answers
    });
    const { port } = (await listenHttp(server, "127.0.0.1", 0)) as AddressInfo;
    const hanging = fetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e);
    await new Promise<void>((resolve) => server.once("request", () => resolve()));
    expect(await closeHttp(server, 100, silent)).toBe(false);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
