/**
 * A TCP proxy the test controls, for cutting a real server away without touching it (the shared PostgreSQL
 * keeps serving everyone else). `cut()` resets every open connection and answers new ones with an immediate
 * reset — what clients see when a database host dies or a network partition starts; `restore()` ends it.
 * `stall()` is the nastier partition: connections stay open but no byte gets through, so clients only notice
 * through their own timeouts. The listening port stays the same throughout, so clients reconnect to the
 * same URL.
 */
import { createServer, type Server, type Socket, connect } from "node:net";

export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #mode: "open" | "cut" | "stalled" = "open";

  private constructor(
    server: Server,
    readonly port: number,
  ) {
    this.#server = server;
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy!.#accept(client, targetHost, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    proxy = new TcpProxy(server, typeof address === "object" && address ? address.port : 0);
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  get isCut(): boolean {
    return this.#mode !== "open";
  }

  cut(): void {
    this.#mode = "cut";
    this.#resetAll();
  }

  /** Open connections (and new ones) stop passing bytes; nobody is told. */
  stall(): void {
    this.#mode = "stalled";
    for (const s of this.#sockets) {
      s.unpipe();
      s.pause();
    }
  }

  /** Ends a cut or a stall (stalled connections are reset, as a long partition's would be). */
  restore(): void {
    if (this.#mode === "stalled") this.#resetAll();
    this.#mode = "open";
  }

  #resetAll(): void {
    for (const s of this.#sockets) s.resetAndDestroy();
    this.#sockets.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket, host: string, port: number): void {
    if (this.#mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    if (this.#mode === "stalled") {
      this.#sockets.add(client.on("error", () => {}).pause());
      return;
    }
    const upstream = connect({ host, port });
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        this.#sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
