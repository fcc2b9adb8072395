/**
 * The status line: running, paused or halted and why, instructions executed, emulated time, the
 * speed in MIPS and as a multiple of real time; and the help overlay's text.
 */
import { BINDINGS } from '../keys.ts';
import type { Speed, Status } from '../session.ts';
import { formatCount, formatSeconds, span, type Line, type Span } from '../text.ts';

export interface StatusInput {
  status: Status;
  realtime: boolean;
  speed: Speed;
  instructions: number;
  seconds: number;
  /** A prompt or a short notice that replaces the status while it lasts. */
  notice?: string;
  width: number;
}

const STATE_TEXT = {
  running: '▶ running',
  paused: '❚❚ paused',
  halted: '■ halted',
  empty: '■ no program',
};

export function statusView(input: StatusInput): Line {
  const { status, speed, width } = input;
  if (input.notice !== undefined) return [span(input.notice.slice(0, width), 'heading')];
  const state = STATE_TEXT[status.state];
  const bad = status.kind === 'fault' || status.kind === 'lockup' || status.kind === 'error';
  const head: Span[] = [
    span(
      state,
      status.state === 'running' ? 'good' : bad || status.state === 'empty' ? 'error' : 'heading',
    ),
  ];
  const pace = input.realtime ? 'real time' : 'fast';
  const tail: string[] = [];
  if (status.state === 'running') {
    // A run someone else drives (gdb) says so: `▶ running (real time): gdb is running...`.
    head.push(span(` (${pace})${status.message === '' ? '' : `: ${status.message}`}`));
    tail.push(
      `${speed.mips.toFixed(speed.mips < 10 ? 2 : 1)} MIPS`,
      `×${formatFactor(speed.realtimeFactor)} real time`,
    );
  } else {
    head.push(span(`: ${status.message}`, bad ? 'error' : undefined));
  }
  tail.push(`${formatCount(input.instructions)} instr`, `t ${formatSeconds(input.seconds)}`);
  if (status.state !== 'running') tail.push(pace);
  tail.push('? help');
  // Drop the least important parts from the right until the line fits, then cut the message.
  const headText = head.map((s) => s.text).join('');
  const parts = [...tail];
  const joined = () => parts.map((p) => ` │ ${p}`).join('');
  while (parts.length > 1 && headText.length + joined().length > width) {
    parts.splice(parts.length - 2, 1);
  }
  const room = width - joined().length;
  const cut: Span[] = [];
  let used = 0;
  for (const s of head) {
    const text = s.text.slice(0, Math.max(0, room - used));
    used += text.length;
    cut.push({ ...s, text });
  }
  if (headText.length > room && room > 1)
    cut[cut.length - 1].text = cut[cut.length - 1].text.slice(0, -1) + '…';
  return [...cut, span(joined())];
}

function formatFactor(f: number): string {
  if (f >= 100) return formatCount(f);
  if (f >= 10) return f.toFixed(1);
  return f.toFixed(2);
}

/** The help overlay: every key with what it does, in two columns when there is room. */
export function helpView(width: number): Line[] {
  const columns = width >= 74 ? 2 : 1;
  const columnWidth = Math.floor(width / columns);
  const rows = BINDINGS.filter((b) => b.label !== undefined).map((b): Line => {
    const help = (b.help ?? '').slice(0, columnWidth - 9);
    return [span(b.label!.padEnd(8), 'key'), span(help.padEnd(columnWidth - 8))];
  });
  const lines: Line[] = [
    [span('Loom: the STM32F746 on a Nucleo board, instruction by instruction', 'heading')],
    [],
  ];
  const perColumn = Math.ceil(rows.length / columns);
  for (let k = 0; k < perColumn; k++) {
    lines.push(columns === 2 ? [...rows[k], ...(rows[k + perColumn] ?? [])] : rows[k]);
  }
  lines.push([]);
  lines.push([span('Mouse: click a code line (its left edge: breakpoint), B1, a pane title.')]);
  lines.push([span('Any key closes this help.')]);
  return lines;
}
