import { describe, expect, it } from "vitest";
import { type CallTarget, globToRegExp, matches } from "./target.js";

const http = (path: string, method = "GET", route?: string): CallTarget => ({ protocol: "http", method, path, route });
const grpc = (path: string): CallTarget => ({ protocol: "grpc", method: undefined, path });

describe("fault selectors", () => {
  it("globs: * spans anything (slashes too), everything else is literal", () => {
    expect(globToRegExp("/api/v1/orders/*").test("/api/v1/orders/42/fills")).toBe(true);
    expect(globToRegExp("/api/v1/orders/*").test("/api/v1/order")).toBe(false);
    expect(globToRegExp("/tse.exchange.v1.Exchange/*").test("/tse.exchange.v1.Exchange/PlaceOrder")).toBe(true);
    // '.' is literal, not "any character"
    expect(globToRegExp("/tse.exchange.v1.Exchange/*").test("/tseXexchange.v1.Exchange/PlaceOrder")).toBe(false);
    expect(globToRegExp("/a(b)+[c]?").test("/a(b)+[c]?")).toBe(true);
  });

  it("matches the raw path or the route template", () => {
    const req = http("/api/v1/orders/42", "GET", "/api/v1/orders/:id");
    expect(matches({ pattern: "/api/v1/orders/:id" }, req)).toBe(true);
    expect(matches({ pattern: "/api/v1/orders/42" }, req)).toBe(true);
    expect(matches({ pattern: "/api/v1/fills/*" }, req)).toBe(false);
  });

  it("filters by method (HTTP only) and protocol", () => {
    expect(matches({ pattern: "*", method: "POST" }, http("/x", "POST"))).toBe(true);
    expect(matches({ pattern: "*", method: "POST" }, http("/x", "GET"))).toBe(false);
    expect(matches({ pattern: "*", method: "POST" }, grpc("/p.S/M"))).toBe(false);
    expect(matches({ pattern: "*", protocol: "grpc" }, grpc("/p.S/M"))).toBe(true);
    expect(matches({ pattern: "*", protocol: "grpc" }, http("/x"))).toBe(false);
    expect(matches({ pattern: "/p.S/*" }, grpc("/p.S/M"))).toBe(true);
  });
});
