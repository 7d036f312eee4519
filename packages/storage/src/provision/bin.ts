#!/usr/bin/env node
/** Entry point of tse-provision (see cli.ts). */
import { runProvisionCli } from "./cli.js";

process.exitCode = await runProvisionCli(process.argv.slice(2), {
  env: process.env,
  write: (t) => process.stdout.write(t),
  error: (t) => process.stderr.write(t),
});
