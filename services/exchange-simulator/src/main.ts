/**
 * The exchange simulator as a process: `node --conditions=source --import tsx src/main.ts`.
 * runService validates the environment, starts HTTP and gRPC, logs the endpoints and owns signals and exit
 * codes; compose.ts wires everything else.
 */
import { runService } from "@tse/service-kit";
import { announce, exchangeServiceOptions } from "./compose.js";

const service = await runService(exchangeServiceOptions(process.env));
if (service) {
  await announce(service).catch((err: unknown) => {
    service.logger.error({ err }, "service discovery registration failed; carrying on unregistered");
  });
}
