/**
 * tse.exchange.v1.ExchangeService as this server registers it: the contract's definition (proto-loader,
 * protobufjs), except for SubmitOrderBatches' responses. An ack batch carries up to 1000 orders with ~15
 * fields each, and protobufjs (fromObject + encode) spends ~3.2 µs per ack on it — more than the matching;
 * AckBatchEncoder writes the same bytes in ~0.6 µs (measured on 1000-ack batches). order-entry-batches.ts
 * encodes each batch before it waits for durability and the bytes are passed on as they are. Its requests
 * are decoded by OrderEntryBatchDecoder, into the very objects protobufjs would produce, in a third of the
 * time and with one string per repeated value (protobufjs itself decodes whatever is not canonical).
 * Everything else (paths, the other methods, reflection descriptors) is the contract's. handlers.ts pairs
 * this definition with the handlers.
 */
import type { ServiceDefinition } from "@grpc/grpc-js";
import { exchangePackageDefinition, loadExchangeProto } from "@tse/contracts";
import type { AckEnums } from "./ack-batch-encoder.js";
import { OrderEntryBatchDecoder, type RequestEnums } from "./order-entry-batch-decoder.js";

/** The values of one enum of tse.exchange.v1, read from the contract's descriptors. */
function enumValues(name: string): { name: string; number: number }[] {
  const e = exchangePackageDefinition()[`tse.exchange.v1.${name}`] as { type?: { value?: { name: string; number: number }[] } } | undefined;
  if (!e?.type?.value) throw new Error(`tse.exchange.v1.${name} is not an enum of the contract`);
  return e.type.value;
}

const numbersOf = (name: string) => new Map(enumValues(name).map((v) => [v.name, v.number]));
const namesOf = (name: string) => new Map(enumValues(name).map((v) => [v.number, v.name]));

export function ackEnums(): AckEnums {
  return { side: numbersOf("Side"), orderType: numbersOf("OrderType"), timeInForce: numbersOf("TimeInForce"), orderStatus: numbersOf("OrderStatus") };
}

export function requestEnums(): RequestEnums {
  return { side: namesOf("Side"), orderType: namesOf("OrderType"), timeInForce: namesOf("TimeInForce") };
}

/** Ack batches are written as the bytes AckBatchEncoder made; anything else is a programming error. */
function encodedAckBatch(bytes: Buffer): Buffer {
  if (!Buffer.isBuffer(bytes)) throw new TypeError("SubmitOrderBatches writes ack batches encoded by AckBatchEncoder");
  return bytes;
}

export function exchangeServiceDefinition(): ServiceDefinition {
  const service = loadExchangeProto().ExchangeService.service;
  return {
    ...service,
    SubmitOrderBatches: {
      ...service.SubmitOrderBatches,
      requestDeserialize: new OrderEntryBatchDecoder(requestEnums(), service.SubmitOrderBatches.requestDeserialize).decode,
      responseSerialize: encodedAckBatch,
    },
  } as ServiceDefinition;
}
