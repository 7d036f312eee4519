export type * as exchangeV1 from "./generated/tse/exchange/v1/index.js";
export {
  EXCHANGE_PROTO_FILE,
  exchangePackageDefinition,
  loadExchangeProto,
  PROTO_LOADER_OPTIONS,
  PROTO_ROOT,
} from "./load.js";
export type { ProtoGrpcType as ExchangeProtoGrpcType } from "./generated/exchange.js";
export { MAX_ORDER_ENTRY_BATCH } from "./limits.js";
