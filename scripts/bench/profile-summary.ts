/**
 * Reads a V8 .cpuprofile (from BENCH_BOX_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench) and
 * prints where the time went: top functions by self time, and by inclusive time for frames whose
 * "function file:line" matches a filter (default: our own code under src/).
 *
 *   npx tsx scripts/bench/profile-summary.ts DIR/CPU.….cpuprofile ['src/|drizzle-orm']
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 30;

function label(node: ProfileNode): string {
  const file = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*?\/(src|node_modules|scripts)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
}

function print(title: string, totals: Map<string, number>, all: number, filter?: RegExp): void {
  console.log(`\n${title}`);
  const rows = [...totals].filter(([k]) => !filter || filter.test(k)).sort((a, b) => b[1] - a[1]).slice(0, TOP);
  for (const [k, us] of rows) console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / all).toFixed(1).padStart(5)} %  ${k}`);
}

function main(): void {
  const [file, pattern] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [filter regexp]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfById = new Map<number, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfById.set(id, (selfById.get(id) ?? 0) + dt);
    all += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfById) {
    const own = label(nodes.get(id)!);
    self.set(own, (self.get(own) ?? 0) + us);
    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(nodes.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  console.log(`profile: ${(all / 1000).toFixed(0)} ms sampled`);
  print('top self time', self, all);
  print(`top inclusive time matching /${pattern ?? 'src/'}/`, inclusive, all, new RegExp(pattern ?? 'src/'));
}

main();
