/** Self time per function from V8 .cpuprofile files (node --cpu-prof), heaviest first. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = new URL('..', import.meta.url).href;
const self = new Map<string, number>();
let total = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const f = byId.get(id)!.callFrame;
    // Paths from the project's root (tsx's transformed modules carry no useful line numbers).
    const where = f.url === '' ? '' : ` ${f.url.replace(ROOT, '')}`;
    const key = `${f.functionName || '(anonymous)'}${where}`;
    const dt = profile.timeDeltas[k] ?? 0;
    if (f.functionName === '(idle)') return;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [key, t] of rows) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
