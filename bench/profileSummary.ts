import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Where the time goes in a `.cpuprofile` (from `node --cpu-prof`): the functions with the most self
 * time and the most inclusive time, as shares of the samples. Used to explain a failing target:
 *
 *   node --expose-gc --cpu-prof --cpu-prof-dir=.bench/prof --import tsx bench/run.ts --quick --only 1
 *   node --import tsx bench/profileSummary.ts .bench/prof/*.cpuprofile [--top 25] [--under play]
 *
 * `--under <function name>` keeps only the samples taken inside that function (e.g. `play`, the bench's
 * hot-path loop), so the shares are of the time spent there.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(process.cwd(), new URL(url).pathname) : url;
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function summarize(path: string, top: number, under: string | undefined): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    return stack;
  };
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    if (under !== undefined && !stackOf(id).some((frame) => frame.callFrame.functionName === under)) return;
    total += us;
    const node = byId.get(id)!;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (const frame of stackOf(id)) {
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  });
  const print = (title: string, map: Map<string, number>): void => {
    console.log(`  ${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  console.log(`${path}: ${(total / 1e6).toFixed(2)} s sampled${under === undefined ? '' : ` inside ${under}`}`);
  print('self time', self);
  print('inclusive time', inclusive);
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 20;
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args.splice(underAt, 2)[1] : undefined;
for (const path of args) summarize(path, top, under);
