/**
 * Opening and draining the HTTP listener, and the one-line error for "could not listen".
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";

/** The port is taken, the host is not local, …: names the variables to change. */
export class ListenError extends Error {
  constructor(
    readonly protocol: "HTTP" | "GRPC",
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    // grpc-js reports bind failures as a message ("… [listen EADDRINUSE: …]"), node:http as err.code.
    const code =
      (cause as NodeJS.ErrnoException | undefined)?.code ??
      (cause instanceof Error ? /\b(EADDRINUSE|EADDRNOTAVAIL|EACCES)\b/.exec(cause.message)?.[1] : undefined);
    const why =
      code === "EADDRINUSE"
        ? "address already in use"
        : code === "EADDRNOTAVAIL"
          ? "address not available on this machine"
          : code === "EACCES"
            ? "permission denied"
            : cause instanceof Error
              ? cause.message.split("\n")[0]
              : String(cause);
    super(`cannot listen on ${host}:${port} (${protocol}_HOST/${protocol}_PORT): ${why}`, { cause });
    this.name = "ListenError";
  }
}

export function listenHttp(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new ListenError("HTTP", host, port, err));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Stops accepting connections and waits for in-flight requests, up to `deadlineMs`; then closes what is
 * left. Idle keep-alive connections are closed as they become idle, so a client that keeps its connection
 * open does not hold the shutdown. Resolves true when everything finished in time.
 */
export function closeHttp(server: Server, deadlineMs: number, logger: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve(true);
    let forced = false;
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      forced = true;
      logger.warn({ deadline_ms: deadlineMs }, "HTTP requests still running at the shutdown deadline; closing their connections");
      server.closeAllConnections();
    }, deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(!forced);
    });
    server.closeIdleConnections();
  });
}
