/**
 * Real PostgreSQL for integration tests, without a driver dependency (testkit stays dependency-free):
 *
 * - `postgresAvailable()` probes the shared server (TEST_POSTGRES_URL, default the loopback trust server) with
 *   the wire protocol's SSLRequest, so a port that merely accepts TCP is not mistaken for PostgreSQL.
 * - `startPrivatePostgres()` builds a throw-away cluster (initdb into a temp dir, random port, fsync off) for
 *   tests that must stop, crash or reconfigure the server — never do that to the shared one.
 * - `uniqueName()` gives per-run schema/role/database names so parallel test files never collide.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dependencyAvailable } from "./dependencies.js";
import { freePort } from "./ports.js";

const INSTALL_SERVER =
  "start it (`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) or set TEST_POSTGRES_URL";
const INSTALL_BINARIES = "install PostgreSQL server binaries (`apt-get install -y postgresql`) or set POSTGRES_BIN_DIR";

/** URL of the shared PostgreSQL server tests may use (superuser; tests create and drop their own objects). */
export const postgresUrl = (): string => process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A lower-case name unique to this call, safe as a PostgreSQL identifier and a Redis key segment. */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString("hex")}`;
}

/**
 * True when `url`'s host:port answers PostgreSQL's SSLRequest ('S' or 'N'). Resolves within `timeoutMs`;
 * never throws.
 */
export function postgresReachable(url = postgresUrl(), timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || 5432);
  const host = u.hostname || "127.0.0.1";
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(80877103, 4); // SSLRequest code
      socket.write(request);
    });
    socket.once("data", (d: Buffer) => done(d[0] === 0x53 || d[0] === 0x4e));
  });
}

/** For `describe.skipIf(!(await postgresAvailable()))`: throws under CI when the server is unreachable. */
export async function postgresAvailable(url = postgresUrl()): Promise<boolean> {
  const u = new URL(url);
  return dependencyAvailable(`PostgreSQL at ${u.host}`, await postgresReachable(url), INSTALL_SERVER);
}

/** Directory holding initdb and pg_ctl: POSTGRES_BIN_DIR, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string | undefined {
  const override = process.env.POSTGRES_BIN_DIR;
  if (override) return existsSync(join(override, "initdb")) ? override : undefined;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/** For tests that need a private cluster: throws under CI when initdb/pg_ctl are missing. */
export const privatePostgresAvailable = (): boolean =>
  dependencyAvailable("initdb/pg_ctl", postgresBinDir() !== undefined, INSTALL_BINARIES);

export interface PrivatePostgres {
  /** Superuser URL (user postgres, database postgres; with its password when authHost is scram-sha-256). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Starts the server again on the same port (after `stop`). */
  start(): Promise<void>;
  /** `fast` shuts down cleanly; `immediate` is a crash (no checkpoint), like a killed server. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /**
   * Authentication for TCP connections (local socket connections always trust). Default trust; with
   * scram-sha-256 the superuser gets a random password, which `url` carries.
   */
  authHost?: "trust" | "scram-sha-256";
}

/** Runs a PostgreSQL binary as the `postgres` OS user when we are root (initdb and postgres refuse root). */
function runAsPostgres(bin: string, args: string[]): { status: number | null; output: string } {
  const asRoot = process.getuid?.() === 0;
  const r = asRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", bin, ...args], { encoding: "utf8" })
    : spawnSync(bin, args, { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

function ownByPostgres(path: string): void {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  chownSync(path, id("-u"), id("-g"));
}

export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`initdb not found: ${INSTALL_BINARIES}`);
  const root = mkdtempSync(join(tmpdir(), "tse-pg-"));
  ownByPostgres(root);
  const dataDir = join(root, "data");
  const superuserPassword = options.authHost === "scram-sha-256" ? randomBytes(12).toString("hex") : undefined;
  const pwfile = join(root, "pwfile");
  if (superuserPassword) {
    writeFileSync(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
    ownByPostgres(pwfile);
  }
  const init = runAsPostgres(join(bin, "initdb"), [
    ...(superuserPassword ? [`--pwfile=${pwfile}`] : []),
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--no-sync",
    "--auth-local=trust",
    `--auth-host=${options.authHost ?? "trust"}`,
  ]);
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${init.output}`);
  }
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${root}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=40",
    "-c shared_buffers=16MB",
  ].join(" ");
  const pgCtl = (args: string[]) => runAsPostgres(join(bin, "pg_ctl"), ["-D", dataDir, ...args]);
  let running = false;
  const stopSync = (mode: string) => {
    if (!running) return;
    pgCtl(["-m", mode, "-w", "stop"]);
    running = false;
  };
  // Never leak a server if the test process dies without cleanup.
  const onExit = () => {
    stopSync("immediate");
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  const start = async () => {
    const r = pgCtl(["-o", serverOptions, "-l", join(root, "server.log"), "-w", "-t", "30", "start"]);
    if (r.status !== 0) throw new Error(`pg_ctl start failed:\n${r.output}`);
    running = true;
  };
  try {
    await start();
  } catch (err) {
    onExit();
    process.removeListener("exit", onExit);
    throw err;
  }
  return {
    url: `postgres://postgres${superuserPassword ? `:${superuserPassword}` : ""}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop: async (mode = "fast") => stopSync(mode),
    async destroy() {
      process.removeListener("exit", onExit);
      onExit();
    },
  };
}
