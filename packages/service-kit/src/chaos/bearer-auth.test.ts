import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bearerAuth, secretsEqual } from "./bearer-auth.js";

describe("bearerAuth", () => {
  const app = new Hono();
  app.use(bearerAuth("s3cret-token-0123456789", "chaos"));
  app.get("/", (c) => c.text("in"));
  const get = (authorization?: string) => app.request("/", { headers: authorization ? { authorization } : {} });

  it("lets the right token through (scheme case-insensitive)", async () => {
    expect((await get("Bearer s3cret-token-0123456789")).status).toBe(200);
    expect((await get("bearer s3cret-token-0123456789")).status).toBe(200);
  });

  it.each([
    [undefined, "missing bearer token (Authorization: Bearer <CHAOS_TOKEN>)"],
    ["Basic czNjcmV0", "missing bearer token (Authorization: Bearer <CHAOS_TOKEN>)"],
    ["Bearer", "missing bearer token (Authorization: Bearer <CHAOS_TOKEN>)"],
    ["Bearer s3cret-token-012345678", "invalid bearer token"],
    ["Bearer s3cret-token-0123456789x", "invalid bearer token"],
    ["Bearer S3CRET-TOKEN-0123456789", "invalid bearer token"],
  ])("refuses %j with a JSON 401", async (authorization, message) => {
    const res = await get(authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="chaos"/);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message } });
  });

  it("compares secrets of any length", () => {
    expect(secretsEqual("a", "a")).toBe(true);
    expect(secretsEqual("a", "ab")).toBe(false);
    expect(secretsEqual("", "")).toBe(true);
    expect(() => bearerAuth("", "x")).toThrow(/must not be empty/);
  });
});
