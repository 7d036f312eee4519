/**
 * Load generator for the unary echo server: keeps `inFlight` calls outstanding for `seconds` and prints the
 * completed calls per second as JSON. Usage: node --import tsx bench/grpc-client.ts <port> <seconds> <inFlight>
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const [portArg, secondsArg, inFlightArg] = process.argv.slice(2);
const def = protoLoader.loadSync(fileURLToPath(new URL("fixtures/bench.proto", import.meta.url)));
// biome-ignore lint/suspicious/noExplicitAny: loadPackageDefinition is untyped by design
const pkg = grpc.loadPackageDefinition(def) as any;
const client = new pkg.tse.bench.v1.Bench(`127.0.0.1:${portArg}`, grpc.credentials.createInsecure());
const seconds = Number(secondsArg);
const inFlight = Number(inFlightArg);

let done = 0;
let errors = 0;
let stopAt = 0;
function fire(): void {
  client.Echo({ payload: "x" }, (err: Error | null) => {
    if (err) errors++;
    else done++;
    if (performance.now() < stopAt) fire();
  });
}

client.waitForReady(Date.now() + 5000, (err: Error | undefined) => {
  if (err) throw err;
  // Warm up for one second, then measure.
  stopAt = performance.now() + 1000;
  for (let i = 0; i < inFlight; i++) fire();
  setTimeout(() => {
    done = 0;
    errors = 0;
    const start = performance.now();
    stopAt = start + seconds * 1000;
    for (let i = 0; i < inFlight; i++) fire();
    setTimeout(() => {
      const elapsed = (performance.now() - start) / 1000;
      console.log(JSON.stringify({ callsPerSecond: done / elapsed, errors }));
      client.close();
      process.exit(0);
    }, seconds * 1000 + 200);
  }, 1200);
});
