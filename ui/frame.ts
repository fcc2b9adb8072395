/**
 * One picture of the whole screen as plain data: each pane's place, title and lines, the status
 * line, an overlay. A pure function of the session and of what the user is looking at, so that
 * tests read the screen without a terminal; `screen.ts` draws it.
 */
import type { CodeCache } from './code-cache.ts';
import { layout, type PaneId, type Rect } from './layout.ts';
import type { Session } from './session.ts';
import { readWord } from './stepping.ts';
import { hex8, span, type Line } from './text.ts';
import { boardView } from './views/board.ts';
import { consoleView } from './views/console.ts';
import { disassemblyView } from './views/disassembly.ts';
import { memoryView } from './views/memory.ts';
import { peripheralsView, type PeripheralPage } from './views/peripherals.ts';
import { fpuView, registersView } from './views/registers.ts';
import { stackView } from './views/stack.ts';
import { helpView, statusView } from './views/status.ts';

/** What the user looks at, apart from the machine. */
export interface ViewState {
  /** The code cursor (breakpoints, run to cursor); follows the PC after each stop. */
  cursor: number | undefined;
  /** The code pane's top line, kept while the cursor stays in view. */
  codeTop: number | undefined;
  memoryAddress: number;
  /** Memory bytes when the last command began (see memorySnapshot). */
  memoryBefore: Map<number, number>;
  page: PeripheralPage;
  port: string;
  sharedIndex: number;
  fpu: boolean;
  typing: boolean;
  /** A prompt being typed, or a short notice, shown in place of the status line. */
  notice?: string;
  overlay?: Overlay;
}

export interface Overlay {
  title: string;
  lines: Line[];
}

export interface PaneFrame {
  id: PaneId;
  rect: Rect;
  title: string;
  lines: Line[];
  /** For the code pane: the address of each line, for mouse clicks. */
  addresses?: (number | undefined)[];
}

export interface Frame {
  panes: PaneFrame[];
  status: Line;
  statusRow: number;
  overlay?: Overlay;
  width: number;
  /** The panes that share a place, and which shows. */
  shared: PaneId[];
}

export function newViewState(): ViewState {
  return {
    cursor: undefined,
    codeTop: undefined,
    memoryAddress: 0x2000_0000,
    memoryBefore: new Map(),
    page: 'gpio',
    port: 'B',
    sharedIndex: 0,
    fpu: false,
    typing: false,
  };
}

const TITLES: Record<PaneId, string> = {
  registers: 'Registers',
  fpu: 'FPU',
  disassembly: 'Code',
  board: 'Board',
  console: 'Console',
  memory: 'Memory',
  stack: 'Stack',
  peripherals: 'Peripherals',
};

/** Inner size of a bordered pane. */
const inner = (r: Rect) => ({ width: Math.max(1, r.width - 2), height: Math.max(1, r.height - 2) });

export function buildFrame(
  session: Session,
  view: ViewState,
  code: CodeCache | null,
  width: number,
  height: number,
): Frame {
  const plan = layout(width, height, { fpu: view.fpu, sharedIndex: view.sharedIndex });
  const panes: PaneFrame[] = [];
  const machine = session.machine;
  for (const [id, rect] of Object.entries(plan.rects) as [PaneId, Rect][]) {
    const size = inner(rect);
    let title = TITLES[id];
    let lines: Line[];
    let addresses: (number | undefined)[] | undefined;
    if (machine === null) {
      lines = id === 'disassembly' ? emptyLines(session.status.message) : [];
    } else {
      const cpu = machine.cpu;
      switch (id) {
        case 'registers':
          lines = registersView({ cpu, before: session.before, symbols: session.symbols, ...size });
          break;
        case 'fpu':
          lines = fpuView({ cpu, before: session.before, symbols: session.symbols, ...size });
          break;
        case 'disassembly': {
          const cursor = view.cursor ?? cpu.pc;
          const found = code?.around(cursor) ?? null;
          const where = session.symbols.describe(cpu.pc);
          title = `Code${where === undefined ? '' : `: ${where}`}  ${session.program?.name ?? ''}`;
          if (found === null) {
            lines = [[span(`disassembling around ${hex8(cursor)}…`)]];
            break;
          }
          const v = disassemblyView({
            ...found,
            pc: cpu.pc,
            cursor,
            top: view.codeTop,
            breakpoints: session.breakpoints,
            symbols: session.symbols,
            ...size,
          });
          view.codeTop = v.top;
          lines = v.lines;
          addresses = v.addresses;
          break;
        }
        case 'board':
          lines = boardView({ machine, pressed: (b) => session.buttonPressed(b), ...size });
          break;
        case 'console':
          lines = consoleView(session.console, size.height, view.typing);
          if (view.typing) title = 'Console: typing';
          break;
        case 'memory':
          lines = memoryView({
            machine,
            address: view.memoryAddress,
            before: view.memoryBefore,
            ...size,
          });
          title = `Memory ${hex8(view.memoryAddress)}`;
          lines.push(...watchLines(session, size.width));
          lines = lines.slice(-size.height);
          break;
        case 'stack':
          lines = stackView({ machine, symbols: session.symbols, ...size });
          break;
        case 'peripherals':
          lines = peripheralsView({ machine, page: view.page, port: view.port, ...size });
          title = `Peripherals: ${view.page === 'gpio' ? `GPIO${view.port}` : view.page.toUpperCase()}`;
          break;
      }
    }
    if (plan.shared.length > 1 && plan.shared.includes(id)) title += ' [Tab]';
    // The title sits in the top border, between the corners and a space each side.
    title =
      title.length > rect.width - 4 ? `${title.slice(0, Math.max(0, rect.width - 5))}…` : title;
    panes.push({ id, rect, title, lines: clip(lines, size.width, size.height), addresses });
  }
  const status = statusView({
    status: session.status,
    realtime: session.realtime,
    speed: session.speed,
    instructions: machine?.cpu.instructions ?? 0,
    seconds: machine?.seconds ?? 0,
    notice: view.notice,
    width,
  });
  return {
    panes,
    status,
    statusRow: plan.statusRow,
    overlay: view.overlay,
    width,
    shared: plan.shared,
  };
}

/** The help overlay for a terminal `width` wide. */
export function helpOverlay(width: number): Overlay {
  return { title: 'Keys', lines: helpView(width - 6) };
}

/** Watches, below the memory rows: address, value now, value before the step or run. */
function watchLines(session: Session, width: number): Line[] {
  if (session.watches.length === 0) return [];
  const lines: Line[] = [[span('watch', 'heading')]];
  for (const w of session.watches) {
    const now = session.machine === null ? undefined : readWord(session.machine, w.address);
    const changed = now !== w.before;
    const text = `${hex8(w.address)} = ${now === undefined ? '--------' : hex8(now)}`;
    const was = changed && w.before !== undefined ? ` (was ${hex8(w.before)})` : '';
    lines.push([
      span(text, changed ? 'changed' : undefined),
      span(was.slice(0, Math.max(0, width - text.length))),
    ]);
  }
  return lines;
}

function emptyLines(message: string): Line[] {
  return [[span(message, 'error')], [], [span('l loads a demo program; q quits.')]];
}

/** Cuts lines to the pane: at most `height` of them, each at most `width` characters. */
function clip(lines: Line[], width: number, height: number): Line[] {
  return lines.slice(0, height).map((line) => {
    let room = width;
    const out: Line = [];
    for (const s of line) {
      if (room <= 0) break;
      const text = [...s.text];
      if (text.length > room) {
        out.push({ ...s, text: text.slice(0, room).join('') });
        room = 0;
      } else {
        out.push(s);
        room -= text.length;
      }
    }
    return out;
  });
}
