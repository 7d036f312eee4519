import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { methodNotAllowedResponse } from "./errors.js";
import { frontDoor } from "./front-door.js";

describe("the body size limit (front door)", () => {
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    const app = new Hono();
    app.post("/echo", async (c) => c.text(await c.req.text()));
    app.get("/ok", (c) => c.text("ok"));
    const fetch = frontDoor(app, app.fetch, {
      logger: pino({ level: "silent" }),
      isQuiet: () => false,
      bodyLimitBytes: 10,
      onTooLarge: () => Response.json({ error: "too large" }, { status: 413 }),
      onMethodNotAllowed: methodNotAllowedResponse,
      isErrorResponse: () => false,
    });
    server = await new Promise((resolve) => {
      const s = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // Raw node:http so the test controls Content-Length vs chunked framing exactly.
  const send = (body: string | undefined, chunked: boolean, path = "/echo", method = "POST") =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers: chunked ? { "transfer-encoding": "chunked" } : {} }, (res) => {
        let data = "";
        res.on("data", (d) => {
          data += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on("error", reject);
      if (body !== undefined) {
        if (chunked) for (const ch of body) req.write(ch);
        else req.write(body);
      }
      req.end();
    });

  it("passes bodies within the limit, declared or chunked", async () => {
    expect(await send("0123456789", false)).toEqual({ status: 200, body: "0123456789" });
    expect(await send("01234", true)).toEqual({ status: 200, body: "01234" });
  });

  it("refuses a declared length over the limit without reading the body", async () => {
    expect((await send("0123456789A", false)).status).toBe(413);
  });

  it("counts chunked bodies and refuses them past the limit", async () => {
    expect((await send("0123456789ABCDEF", true)).status).toBe(413);
  });

  it("answers the limit as exactly at it", async () => {
    expect(await send("0123456789", true)).toEqual({ status: 200, body: "0123456789" });
    expect((await send("0123456789A", true)).status).toBe(413);
  });

  it("lets bodiless requests through", async () => {
    expect(await send(undefined, false, "/ok", "GET")).toEqual({ status: 200, body: "ok" });
  });
});
