/** Lesson 1's demo: a lamp and its switch, and a switch that switches a switch. */
import { timingDiagram } from '../circuits/timing.ts';
import { LEGEND, circuitView } from '../circuits/view.ts';
import type { LessonContext } from '../lesson.ts';
import { heading, lessonScope, listing, simulate } from '../present.ts';

export function demo(context: LessonContext): string {
  const scope = lessonScope(context, 'light.hdl');
  let out = heading('A switch and a lamp') + listing('light.hdl', context.read('light.hdl'));

  const light = simulate(scope, 'Light');
  out += `  Light, button up:\n${circuitView(light)}`;
  light.apply({ button: 1 });
  out += `  Light, button pressed:\n${circuitView(light)}\n  (${LEGEND})\n`;

  out += heading('A switch that switches a switch');
  const relay = simulate(scope, 'Relay');
  relay.record();
  relay.run(2);
  relay.set({ button: 1 });
  relay.run(6);
  relay.set({ button: 0 });
  relay.run(6);
  out += '  Relay, the button pressed at time 2 and released at time 8:\n\n';
  out += timingDiagram(relay, ['button', 'coil', 'lamp'])
    .split('\n')
    .map((l) => `  ${l}`.trimEnd())
    .join('\n');
  out +=
    '\n  Each switch takes one time unit to close or open, so the lamp follows the button two\n' +
    '  units late. The second switch does not care what closed the first: a finger or a wire.\n';
  return out;
}
