/** The console pane: what the firmware printed, last lines last; Loom's own notes set apart. */
import type { ConsoleLog } from '../console-log.ts';
import { span, type Line } from '../text.ts';

export function consoleView(log: ConsoleLog, height: number, typing: boolean): Line[] {
  const rows = typing ? height - 1 : height;
  const lines: Line[] = log
    .tail(rows)
    .map((l) => (l.loom ? [span('loom: ', 'heading'), span(l.text)] : [span(l.text)]));
  if (lines.length === 0 && !typing) lines.push([span('(nothing printed yet; t to type)')]);
  if (typing) lines.push([span('typing to the firmware: Esc ends', 'heading')]);
  return lines;
}
