/**
 * The validated body of POST /orders, the REST order-entry hot path. A plainly valid JSON body is accepted by
 * placeOrderInputFast (application/place-order-input.ts) without zod; anything else — another content type,
 * malformed JSON, any member missing, unknown or off — goes through service-kit's `validate` with the zod
 * schema, which answers exactly as before (415 / 400 naming each field). The fast path only ever accepts
 * what zod accepts, with the same result.
 *
 * Called by the route's one handler rather than mounted as a validator middleware: a route with a single
 * handler is called directly by Hono, without compose() and a Promise per `next()`. The body is read straight
 * from the Node request when @hono/node-server serves it (place-order-body.test.ts checks the answers are
 * byte for byte those of the general path).
 */
import type { IncomingMessage } from "node:http";
import { validate } from "@tse/service-kit";
import type { Context } from "hono";
import type { PlaceOrderInput } from "../../application/exchange-app.js";
import { placeOrderInputFast } from "../../application/place-order-input.js";
import { placeOrderBody } from "./schemas.js";

/** A media type both hono's JSON body parser and service-kit's 415 check take for JSON. */
const PLAIN_JSON = /^application\/json\s*(;|$)/i;
const DIGITS = /^\d+$/;

/** Decodes as @hono/node-server's `text()` does (a UTF-8 BOM is dropped, bad bytes become U+FFFD). */
const utf8 = new TextDecoder();

const slowValidator = validate("json", placeOrderBody);
const noNext = async () => {};

export async function placeOrderInput(c: Context): Promise<PlaceOrderInput> {
  if (PLAIN_JSON.test(c.req.header("content-type") ?? "")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await bodyText(c));
    } catch {
      parsed = undefined;
    }
    const fast = placeOrderInputFast(parsed);
    if (fast !== undefined) return fast;
  }
  // Throws the 415 / 400; reads the body hono cached above (a malformed body's error included).
  await slowValidator(c, noNext);
  return c.req.valid("json" as never) as PlaceOrderInput;
}

/**
 * The body as text, cached where hono's `c.req.json()` / `text()` look first. Read from the Node request when
 * it is the one this request came with, unread, with a declared length; otherwise through hono.
 */
function bodyText(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared = incoming?.headers["content-length"];
  const usable =
    incoming !== undefined &&
    !incoming.readableDidRead &&
    !incoming.destroyed &&
    incoming.headers["transfer-encoding"] === undefined &&
    declared !== undefined &&
    DIGITS.test(declared) &&
    declared !== "0";
  if (!usable) return c.req.text();
  const text = readText(incoming, Number(declared));
  // hono keeps Promises there, whatever its type says.
  (c.req.bodyCache as { text?: Promise<string> }).text = text;
  return text;
}

interface BodyListeners {
  data: (chunk: Buffer) => void;
  close: () => void;
}

/**
 * Done when the declared length has arrived (the parser frames the body by it), without waiting for 'end'; a
 * request closed before that rejects. The listeners are assigned as members, not declared as `const`s: the
 * service runs under tsx, whose keepNames wraps every named closure in a `__name()` (an Object.defineProperty)
 * per creation — per request here, measured at ~7 % of the order's CPU.
 */
function readText(incoming: IncomingMessage, length: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const on = {} as BodyListeners;
    on.data = (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < length) return;
      stopListening(incoming, on);
      resolve(utf8.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    };
    on.close = () => {
      stopListening(incoming, on);
      reject(new Error("the client closed the connection before the request body was complete"));
    };
    incoming.on("data", on.data);
    incoming.on("close", on.close);
  });
}

function stopListening(incoming: IncomingMessage, on: BodyListeners): void {
  incoming.off("data", on.data);
  incoming.off("close", on.close);
}
