/**
 * Child process for the crash test: opens storage for the instance in TSE_CRASH_INSTANCE (PostgreSQL reached
 * through its own TcpProxy), cuts PostgreSQL away, then appends forever, printing "ACK <seq> <durability>"
 * after each acknowledgement — until the parent SIGKILLs it.
 */
import { resolveIdentity } from "@tse/service-kit/identity";
import { DEFAULT_STORAGE_CONFIG } from "../config.js";
import { openStorage } from "../open.js";
import { TcpProxy } from "./tcp-proxy.js";

const url = new URL(process.env.TSE_CRASH_PG_URL!);
const proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
const storage = await openStorage({
  identity: resolveIdentity("storage-test", process.env.TSE_CRASH_INSTANCE),
  config: { ...DEFAULT_STORAGE_CONFIG, postgresUrl: proxy.urlFor(url.toString()), journalDir: process.env.TSE_CRASH_JOURNAL_DIR! },
  logger: { info() {}, warn() {}, error: (f, m) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`) },
});
proxy.cut();
process.stdout.write("CUT\n");
for (let i = 0; ; i++) {
  const r = await storage.events.append([{ type: "tick", data: { i } }]);
  process.stdout.write(`ACK ${r.firstSeq} ${r.durability}\n`);
}
