/**
 * Which calls a fault applies to. HTTP requests and gRPC calls are described alike, so one selector
 * (`pattern`, `method`, `protocol`) works for both:
 *
 *   HTTP  { protocol: "http", method: "POST", path: "/api/v1/orders/42", route: "/api/v1/orders/:id" }
 *   gRPC  { protocol: "grpc", method: undefined, path: "/tse.exchange.v1.Exchange/PlaceOrder" }
 *
 * `pattern` is a glob where `*` matches any run of characters (slashes included); it matches when the
 * raw path OR the route template matches, so both `/api/v1/orders/*` and `/api/v1/orders/:id` work.
 */
import { z } from "zod";

export interface CallTarget {
  readonly protocol: "http" | "grpc";
  /** HTTP method; undefined for gRPC (every gRPC call is an HTTP/2 POST, so a method says nothing). */
  readonly method: string | undefined;
  /** Raw HTTP path, or the gRPC method path `/package.Service/Method`. */
  readonly path: string;
  /** The matched HTTP route template, when known. */
  readonly route?: string | undefined;
}

export const selectorShape = {
  pattern: z.string().min(1).max(256).default("*").describe("Glob over the HTTP path/route template or gRPC /pkg.Service/Method; * matches anything"),
  method: z
    .string()
    .regex(/^[A-Z]{3,10}$/, { error: "expected an upper-case HTTP method such as GET" })
    .optional()
    .describe("Only HTTP requests with this method (gRPC calls never match a method)"),
  protocol: z.enum(["http", "grpc"]).optional().describe("Only this protocol"),
};

export interface Selector {
  pattern: string;
  method?: string | undefined;
  protocol?: "http" | "grpc" | undefined;
}

const globCache = new Map<string, RegExp>();

/** `*` → any characters; everything else literal. Compiled patterns are cached (faults are few). */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`);
    if (globCache.size > 256) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

export function matches(selector: Selector, target: CallTarget): boolean {
  if (selector.protocol !== undefined && selector.protocol !== target.protocol) return false;
  if (selector.method !== undefined && selector.method !== target.method) return false;
  if (selector.pattern === "*") return true;
  const re = globToRegExp(selector.pattern);
  return re.test(target.path) || (target.route !== undefined && re.test(target.route));
}
