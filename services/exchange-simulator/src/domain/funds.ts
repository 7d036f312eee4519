/**
 * Account commands: opening accounts, deposits and withdrawals (engine units). Each journals its event on
 * success and changes nothing on rejection; the engine wraps them with timing and event delivery.
 */
import { SUPPLY_LIMIT } from "./accounts.js";
import type { EngineContext } from "./context.js";
import type { Balance } from "./engine-types.js";
import { type Rejection, type Result, reject } from "./rejections.js";

/** Account ids: 1–64 characters, letters, digits and . _ : @ -, starting with a letter or digit. */
export const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

export function openAccount(ctx: EngineContext, accountId: string): Result<{ readonly accountId: string }> {
  if (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId)) {
    return reject("INVALID_ACCOUNT_ID", "account id must be 1–64 letters, digits or . _ : @ - (starting with a letter or digit)", "accountId");
  }
  if (ctx.ledger.open(accountId) === undefined) return reject("ACCOUNT_EXISTS", `account ${accountId} already exists`, "accountId");
  ctx.bus.journal({ type: "AccountOpened", seq: ctx.nextSeq(), ts: ctx.ts, accountId });
  return { ok: true, value: { accountId } };
}

export function deposit(ctx: EngineContext, accountId: string, asset: string, amount: number): Result<Balance> {
  const account = ctx.ledger.get(accountId);
  if (account === undefined) return unknownAccount(accountId);
  const a = ctx.config.asset(asset);
  if (a === undefined) return reject("UNKNOWN_ASSET", `unknown asset ${JSON.stringify(asset)}`, "asset");
  if (!isPositiveUnits(amount)) return invalidAmount(amount);
  if (!ctx.ledger.deposit(account, a.index, amount)) {
    return reject("SUPPLY_LIMIT_EXCEEDED", `total ${a.code} would exceed ${SUPPLY_LIMIT} units`, "amount");
  }
  ctx.bus.journal({ type: "Deposited", seq: ctx.nextSeq(), ts: ctx.ts, accountId, asset: a.code, amount });
  return { ok: true, value: balanceOf(ctx, accountId, a.index) };
}

export function withdraw(ctx: EngineContext, accountId: string, asset: string, amount: number): Result<Balance> {
  const account = ctx.ledger.get(accountId);
  if (account === undefined) return unknownAccount(accountId);
  const a = ctx.config.asset(asset);
  if (a === undefined) return reject("UNKNOWN_ASSET", `unknown asset ${JSON.stringify(asset)}`, "asset");
  if (!isPositiveUnits(amount)) return invalidAmount(amount);
  if (!ctx.ledger.withdraw(account, a.index, amount)) {
    return reject("INSUFFICIENT_FUNDS", `available ${a.code} is ${account.available[a.index]} units, ${amount} requested`, "amount");
  }
  ctx.bus.journal({ type: "Withdrawn", seq: ctx.nextSeq(), ts: ctx.ts, accountId, asset: a.code, amount });
  return { ok: true, value: balanceOf(ctx, accountId, a.index) };
}

export function balanceOf(ctx: EngineContext, accountId: string, asset: number): Balance {
  const account = ctx.ledger.get(accountId)!;
  return { asset: ctx.config.assets[asset]!.code, available: account.available[asset]!, locked: account.locked[asset]! };
}

export function unknownAccount(accountId: string): Rejection {
  return reject("UNKNOWN_ACCOUNT", `unknown account ${JSON.stringify(accountId)}`, "accountId");
}

function isPositiveUnits(amount: unknown): amount is number {
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount > 0;
}

function invalidAmount(amount: unknown): Rejection {
  return reject("INVALID_AMOUNT", `amount must be a positive whole number of asset units (got ${String(amount)})`, "amount");
}
