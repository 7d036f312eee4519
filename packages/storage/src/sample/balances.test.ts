import { postgresAvailable } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_CONFIG } from "../config.js";
import { openStorage, type StorageContext } from "../open.js";
import { adminRows, testIdentity } from "../test-support/pg.js";
import { openTestStorage, type TestStorage } from "../test-support/storage.js";
import { addDecimals } from "./decimal.js";
import { balanceMigrations, balanceProjection, balanceRepository } from "./balances.js";

describe("addDecimals", () => {
  it("adds exactly with NUMERIC's scale rule", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.3");
    expect(addDecimals("1.50", "1")).toBe("2.50");
    expect(addDecimals("0.001", "0.009")).toBe("0.010");
    expect(addDecimals("99999999999999999999.999999999999999999", "0.000000000000000001")).toBe("100000000000000000000.000000000000000000");
    expect(() => addDecimals("1e5", "1")).toThrow(RangeError);
  });
});

function balanceContract(make: () => Promise<StorageContext>) {
  it("sums decimal credits exactly (0.1 + 0.2 = 0.3, no floats anywhere)", async () => {
    const repo = balanceRepository(await make());
    await repo.credit("alice", "USD", "0.1");
    await repo.credit("alice", "USD", "0.2");
    await repo.credit("alice", "BTC", "12345678901234567890.123456789012345678");
    await repo.credit("alice", "BTC", "0.000000000000000001");
    await repo.credit("bob", "USD", "1.50");
    await repo.credit("bob", "USD", "1");
    expect(await repo.balance("alice", "USD")).toBe("0.3");
    expect(await repo.balance("alice", "BTC")).toBe("12345678901234567890.123456789012345679");
    expect(await repo.balance("bob", "USD")).toBe("2.50");
    expect(await repo.balance("carol", "USD")).toBe("0");
  });

  it("counts every one of many concurrent credits once", async () => {
    const repo = balanceRepository(await make());
    await Promise.all(Array.from({ length: 50 }, () => repo.credit("dave", "ETH", "0.01")));
    expect(await repo.balance("dave", "ETH")).toBe("0.50");
  });

  it("refuses amounts that are not positive decimal strings", async () => {
    const repo = balanceRepository(await make());
    for (const bad of ["-1", "1e5", "0", "0.00", "01", " 1", "1.", "NaN"]) {
      await expect(repo.credit("erin", "USD", bad), bad).rejects.toThrow(RangeError);
    }
    await expect(repo.credit("erin", "USD", 1 as unknown as string)).rejects.toThrow(RangeError);
    await expect(repo.credit("", "USD", "1")).rejects.toThrow(TypeError);
    expect(await repo.balance("erin", "USD")).toBe("0");
  });
}

describe("balance repository (in memory)", () => {
  balanceContract(() =>
    openStorage({ identity: testIdentity(), config: { ...DEFAULT_STORAGE_CONFIG } }).then((s) => {
      expect(s.backends).toEqual({ events: "memory", kv: "memory" });
      return s;
    }),
  );
});

const available = await postgresAvailable();

describe.skipIf(!available)("balance repository (real PostgreSQL)", () => {
  const opened: TestStorage[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((t) => t.cleanup()));
  });
  const make = async () => {
    const t = await openTestStorage({ migrations: [balanceMigrations], projections: [balanceProjection] });
    opened.push(t);
    return t.storage;
  };
  balanceContract(make);

  it("keeps amounts in a NUMERIC column of the instance's schema", async () => {
    const storage = await make();
    await balanceRepository(storage).credit("frank", "USD", "0.1");
    const rows = await adminRows(storage.identity.schema, "SELECT pg_typeof(amount)::text AS t, amount FROM balances");
    expect(rows).toEqual([{ t: "numeric", amount: "0.1" }]);
  });
});
