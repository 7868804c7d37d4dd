#!/usr/bin/env node
// Placeholder CLI (foundation issue): help and version. The harness issue replaces it.
import { readFileSync } from "node:fs";

function version(): string {
  for (const path of ["../../package.json", "../package.json"]) {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { version: string }).version;
    } catch {
      // try the next location (source tree vs dist/)
    }
  }
  return "0.0.0";
}

const args = process.argv.slice(2);
if (args[0] === "--version" || args[0] === "-v") {
  console.log(version());
} else {
  console.log(`entra-sync-sim ${version()}\n\nUsage: entra-sync-sim [--version] [--help]`);
}
