import { describe } from "vitest";
import { eventLogContract } from "../test-support/event-log-contract.js";
import { MemoryEventLog } from "./event-log.js";

describe("MemoryEventLog", () => {
  eventLogContract(async () => new MemoryEventLog(), "memory");
});
