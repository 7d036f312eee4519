/**
 * Loads the .proto contracts with one fixed set of proto-loader options — the same ones the generated types
 * in src/generated were produced with, so the runtime objects match the types exactly:
 * camelCase fields, enums as their string names, 64-bit integers as JS numbers (millisecond timestamps and
 * sequence numbers stay far below 2^53), defaults filled in, and `oneof` fields named.
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType as ExchangeProto } from "./generated/exchange.js";

export const PROTO_ROOT = fileURLToPath(new URL("../proto", import.meta.url));

export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

export const EXCHANGE_PROTO_FILE = "tse/exchange/v1/exchange.proto";

let exchangeCache: ExchangeProto | undefined;

/** The tse.exchange.v1 package: `.ExchangeService.service` for servers, `new .ExchangeService(addr, creds)` for clients. */
export function loadExchangeProto(): ExchangeProto["tse"]["exchange"]["v1"] {
  exchangeCache ??= grpc.loadPackageDefinition(
    protoLoader.loadSync(EXCHANGE_PROTO_FILE, PROTO_LOADER_OPTIONS),
  ) as unknown as ExchangeProto;
  return exchangeCache.tse.exchange.v1;
}

/** The raw package definition (for server reflection, which needs every file descriptor). */
export function exchangePackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(EXCHANGE_PROTO_FILE, PROTO_LOADER_OPTIONS);
}
