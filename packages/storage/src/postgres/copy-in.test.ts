import { postgresAvailable, postgresUrl } from "@tse/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFromStdin } from "./copy-in.js";

const available = await postgresAvailable();

describe.skipIf(!available)("copyFromStdin (real PostgreSQL)", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    await client.query("CREATE TEMP TABLE copied (n int PRIMARY KEY, s text)");
  });
  afterAll(async () => {
    await client?.end();
  });

  it("copies the rows and resolves their count", async () => {
    const rows = await copyFromStdin(client, "COPY copied (n, s) FROM STDIN", () => Buffer.from("1\tone\n2\t\\\\two\n"));
    expect(rows).toBe(2);
    expect((await client.query("SELECT n, s FROM copied ORDER BY n")).rows).toEqual([
      { n: 1, s: "one" },
      { n: 2, s: "\\two" },
    ]);
  });

  it("rejects with the server's error when the data is refused, and the connection stays usable", async () => {
    const err = await copyFromStdin(client, "COPY copied (n, s) FROM STDIN", () => Buffer.from("3\tthree\n1\tagain\n")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "23505" });
    expect((await client.query("SELECT count(*)::int AS n FROM copied")).rows).toEqual([{ n: 2 }]);
  });

  it("survives a statement that fails before copying starts: the data sent behind it is dropped", async () => {
    const err = await copyFromStdin(client, "COPY no_such_table FROM STDIN", () => Buffer.from("1\tx\n")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "42P01" });
    expect((await client.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
  });

  it("fails the query, without sending anything, when the data cannot be produced", async () => {
    const err = await copyFromStdin(client, "COPY copied (n, s) FROM STDIN", () => {
      throw new Error("encoding failed");
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: "encoding failed" });
    expect((await client.query("SELECT count(*)::int AS n FROM copied")).rows).toEqual([{ n: 2 }]);
  });
});
