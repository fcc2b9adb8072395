/**
 * Shrinks a scenario whose logs differ: drops one action (or a whole handler script) at a time,
 * keeping each removal after which Loom and QEMU still differ, until none can go or the budget
 * of runs is spent. Each run builds and runs a program, about half a second.
 */
import type { Action, Scenario } from './scenario.ts';

/** Every scenario with one action, or one invocation's script, removed. */
function smaller(s: Scenario): Scenario[] {
  const out: Scenario[] = [];
  const dropFrom = (list: Action[], rebuild: (list: Action[]) => Scenario) => {
    list.forEach((a, k) => {
      out.push(rebuild([...list.slice(0, k), ...list.slice(k + 1)]));
      if (a.kind === 'masked') {
        dropFrom(a.body, (body) =>
          rebuild([...list.slice(0, k), { ...a, body }, ...list.slice(k + 1)]),
        );
      }
    });
  };
  s.handlers.forEach((h, j) => {
    const withScripts = (scripts: Action[][]) => ({
      ...s,
      handlers: s.handlers.map((g, i) => (i === j ? { ...g, scripts } : g)),
    });
    h.scripts.forEach((script, n) => {
      if (script.length > 0) {
        out.push(withScripts(h.scripts.map((sc, i) => (i === n ? [] : sc))));
        dropFrom(script, (list) => withScripts(h.scripts.map((sc, i) => (i === n ? list : sc))));
      }
    });
  });
  dropFrom(s.thread, (thread) => ({ ...s, thread }));
  return out;
}

export async function minimise(
  scenario: Scenario,
  differs: (s: Scenario) => Promise<boolean>,
  budget = 200,
): Promise<{ scenario: Scenario; runs: number }> {
  let best = scenario;
  let runs = 0;
  let progress = true;
  while (progress && runs < budget) {
    progress = false;
    for (const candidate of smaller(best)) {
      if (runs >= budget) break;
      runs++;
      if (await differs(candidate)) {
        best = candidate;
        progress = true;
        break;
      }
    }
  }
  return { scenario: best, runs };
}
