/** Limits of the contracts that both sides need to know (the .proto files state them in comments). */

/** Most requests one tse.exchange.v1.OrderEntryBatch may carry; a bigger batch ends the stream with INVALID_ARGUMENT. */
export const MAX_ORDER_ENTRY_BATCH = 1000;
