/**
 * Preloaded (`node --import rss-hook.js ...`) into the processes the CLI benchmark times, so the CLI itself
 * needs no benchmark code: at exit, writes the process's peak RSS (kB) and its uptime (ms) to the file
 * named by $KQL_BENCH_RSS_FILE. spawnSync cannot report a child's peak RSS, and /usr/bin/time is not
 * everywhere.
 */
import { writeFileSync } from "node:fs";

const file = process.env.KQL_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, uptimeMs: process.uptime() * 1000 }));
  });
}
