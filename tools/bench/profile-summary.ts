import fs from 'node:fs';

/**
 * Sums a `.cpuprofile`'s self time by function and by file (a package counts
 * as one file), so two profiles of a bench compare in a few lines:
 *
 *   npx tsx tools/bench/profile-summary.ts /tmp/core.cpuprofile [rows]
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, rows: number): string[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const frame = frames.get(id)!;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/wt-[^/]+\/|^.*?\/main\//, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    const unit = file.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, 'package $1') || frame.functionName;
    byFile.set(unit, (byFile.get(unit) ?? 0) + dt);
  });
  const table = (m: Map<string, number>, title: string): string[] => [
    `== ${title} (${(total / 1000).toFixed(0)} ms sampled)`,
    ...[...m].sort((a, b) => b[1] - a[1]).slice(0, rows).map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`),
  ];
  return [...table(byFunction, 'self time by function'), ...table(byFile, 'self time by file or package')];
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [rows]');
  console.log(summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, Number(rows ?? 25)).join('\n'));
}
