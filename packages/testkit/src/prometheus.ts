/**
 * A real Prometheus server for integration tests: loopback only, private data dir, torn down by `stop()`.
 * Uses the Debian `prometheus` package's binary (PROMETHEUS_BIN overrides) and promtool (PROMTOOL_BIN).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dependencyAvailable, findBinary } from "./dependencies.js";
import { waitFor } from "./poll.js";
import { freePort } from "./ports.js";

const INSTALL = "install it with `apt-get install -y --no-install-recommends prometheus` (gives prometheus and promtool)";

export const prometheusBinary = () => findBinary("prometheus", process.env.PROMETHEUS_BIN);
export const promtoolBinary = () => findBinary("promtool", process.env.PROMTOOL_BIN);

/** For `describe.skipIf(!prometheusAvailable())`: throws under CI when missing. */
export const prometheusAvailable = () => dependencyAvailable("prometheus", prometheusBinary() !== undefined, INSTALL);
export const promtoolAvailable = () => dependencyAvailable("promtool", promtoolBinary() !== undefined, INSTALL);

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  readonly url: string;
  /** Instant query; returns the result vector. Throws on a query error. */
  query(promql: string): Promise<PromSample[]>;
  /** Label names present on any series (GET /api/v1/labels). */
  labelNames(): Promise<string[]>;
  /** Waits until every target is up and has been scraped at least `scrapes` times. */
  waitForScrapes(scrapes?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ScrapeTarget {
  job: string;
  /** host:port */
  target: string;
  metricsPath?: string;
}

export async function startPrometheus(targets: ScrapeTarget[], { scrapeInterval = "1s" } = {}): Promise<RunningPrometheus> {
  const bin = prometheusBinary();
  if (!bin) throw new Error(`prometheus not found: ${INSTALL}`);
  const dir = mkdtempSync(join(tmpdir(), "tse-prom-"));
  const port = await freePort();
  const config = [
    "global:",
    `  scrape_interval: ${scrapeInterval}`,
    `  evaluation_interval: ${scrapeInterval}`,
    "scrape_configs:",
    ...targets.flatMap((t) => [
      `  - job_name: ${JSON.stringify(t.job)}`,
      `    metrics_path: ${JSON.stringify(t.metricsPath ?? "/metrics")}`,
      "    static_configs:",
      `      - targets: [${JSON.stringify(t.target)}]`,
    ]),
    "",
  ].join("\n");
  writeFileSync(join(dir, "prometheus.yml"), config);
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=1h",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const api = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== "success") throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  try {
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, { timeoutMs: 20_000, what: "prometheus /-/ready" });
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`prometheus did not become ready: ${(err as Error).message}\n${stderr}`);
  }
  return {
    url,
    query: async (q) => ((await api(`/api/v1/query?query=${encodeURIComponent(q)}`)) as { result: PromSample[] }).result,
    labelNames: async () => (await api("/api/v1/labels")) as string[],
    async waitForScrapes(scrapes = 2) {
      await waitFor(
        async () => {
          const r = (await api(`/api/v1/query?query=${encodeURIComponent("min(count_over_time(up[1m]))")}`)) as {
            result: PromSample[];
          };
          const up = (await api(`/api/v1/query?query=${encodeURIComponent("min(up)")}`)) as { result: PromSample[] };
          return Number(r.result[0]?.value[1] ?? 0) >= scrapes && up.result[0]?.value[1] === "1";
        },
        { timeoutMs: 30_000, intervalMs: 250, what: `${scrapes} successful scrapes of every target` },
      );
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `promtool check metrics` on an exposition. `ok` is promtool's verdict; `output` its messages. */
export function promtoolCheckMetrics(exposition: string): { ok: boolean; output: string } {
  const bin = promtoolBinary();
  if (!bin) throw new Error(`promtool not found: ${INSTALL}`);
  const r = spawnSync(bin, ["check", "metrics"], { input: exposition, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
