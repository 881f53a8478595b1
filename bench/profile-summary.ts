/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, highest first, with the
 * share of all samples. Used by `npm run bench -- --profile M`, and on its own:
 *
 *   node node_modules/.cache/kql-bench/bench/profile-summary.js file.cpuprofile [top]
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseProfile(path: string, top = 30): string {
  const p = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const perNode = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    perNode.set(p.samples[i]!, (perNode.get(p.samples[i]!) ?? 0) + dt);
    total += dt;
  }
  const self = new Map<string, number>();
  const perFile = new Map<string, number>();
  for (const [id, us] of perNode) {
    const cf = byId.get(id)!.callFrame;
    let where = cf.url;
    if (where.startsWith("file://")) {
      try {
        where = relative(process.cwd(), fileURLToPath(where));
      } catch {
        /* keep the URL */
      }
    }
    const key = `${cf.functionName || "(anonymous)"}  ${where}${where ? `:${cf.lineNumber + 1}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const file = where || `(${cf.functionName || "native"})`;
    perFile.set(file, (perFile.get(file) ?? 0) + us);
  }
  const lines = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  lines.push(`${(total / 1000).toFixed(0).padStart(8)} ms total sampled`, "", "self time per file:");
  for (const [f, us] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${f}`);
  }
  return lines.join("\n");
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error("usage: profile-summary.js file.cpuprofile [top]");
  console.log(summariseProfile(file, top ? Number(top) : 30));
}
