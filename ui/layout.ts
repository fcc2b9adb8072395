/**
 * Where each pane goes for a terminal size. In 80×24 the registers, the code, the board and one
 * shared place (console, memory, stack, peripherals, in turn with Tab) fit; with more room each
 * of those gets its own place. The FPU registers replace the core registers when toggled in a
 * small terminal and get a pane of their own in a large one.
 */
export type PaneId =
  'registers' | 'fpu' | 'disassembly' | 'board' | 'console' | 'memory' | 'stack' | 'peripherals';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Layout {
  /** Panes with a place of their own, and the shared place's pane. */
  rects: Partial<Record<PaneId, Rect>>;
  /** Panes that take turns in the shared place (empty when every pane has its own). */
  shared: PaneId[];
  /** The status line's row. */
  statusRow: number;
}

export interface LayoutOptions {
  fpu: boolean;
  /** Which of the shared panes shows (an index, taken modulo their number). */
  sharedIndex: number;
}

/** The smallest terminal Loom draws in. */
const MIN_WIDTH = 60;
const MIN_HEIGHT = 16;

const REGISTERS_WIDTH = 26;

function place(
  rects: Partial<Record<PaneId, Rect>>,
  shared: PaneId[],
  sharedRect: Rect,
  sharedIndex: number,
): void {
  if (shared.length > 0) rects[shared[sharedIndex % shared.length]] = sharedRect;
}

export function layout(width: number, height: number, options: LayoutOptions): Layout {
  const w = Math.max(width, MIN_WIDTH);
  const h = Math.max(height, MIN_HEIGHT);
  const body = h - 1;
  const rects: Partial<Record<PaneId, Rect>> = {};
  let shared: PaneId[];

  if (w >= 150 && h >= 40) {
    // Three columns: registers and stack | code and memory | board, peripherals, console.
    const left = 30;
    const right = Math.min(64, Math.floor(w * 0.34));
    const middle = w - left - right;
    const regsHeight = 24;
    rects.registers = { left: 0, top: 0, width: left, height: regsHeight };
    if (options.fpu) {
      rects.fpu = {
        left: 0,
        top: regsHeight,
        width: left,
        height: Math.min(21, body - regsHeight),
      };
      const rest = body - regsHeight - rects.fpu.height;
      if (rest >= 4)
        rects.stack = { left: 0, top: regsHeight + rects.fpu.height, width: left, height: rest };
    } else {
      rects.stack = { left: 0, top: regsHeight, width: left, height: body - regsHeight };
    }
    const codeHeight = Math.ceil(body * 0.6);
    rects.disassembly = { left, top: 0, width: middle, height: codeHeight };
    rects.memory = { left, top: codeHeight, width: middle, height: body - codeHeight };
    const boardHeight = 11;
    const periphHeight = 14;
    rects.board = { left: left + middle, top: 0, width: right, height: boardHeight };
    rects.peripherals = {
      left: left + middle,
      top: boardHeight,
      width: right,
      height: periphHeight,
    };
    rects.console = {
      left: left + middle,
      top: boardHeight + periphHeight,
      width: right,
      height: body - boardHeight - periphHeight,
    };
    return { rects, shared: [], statusRow: body };
  }

  if (w >= 110 && h >= 32) {
    // Registers (and stack) | code over memory | board over a shared place.
    const left = 30;
    const right = Math.max(40, Math.floor(w * 0.32));
    const middle = w - left - right;
    const regsHeight = 24;
    rects[options.fpu ? 'fpu' : 'registers'] = { left: 0, top: 0, width: left, height: regsHeight };
    rects.stack = { left: 0, top: regsHeight, width: left, height: body - regsHeight };
    const codeHeight = Math.ceil(body * 0.62);
    rects.disassembly = { left, top: 0, width: middle, height: codeHeight };
    rects.memory = { left, top: codeHeight, width: middle, height: body - codeHeight };
    const boardHeight = 11;
    rects.board = { left: left + middle, top: 0, width: right, height: boardHeight };
    shared = ['console', 'peripherals'];
    if (options.fpu) shared.push('registers');
    place(
      rects,
      shared,
      { left: left + middle, top: boardHeight, width: right, height: body - boardHeight },
      options.sharedIndex,
    );
    return { rects, shared, statusRow: body };
  }

  // Small: registers | code over (board, shared place).
  const left = REGISTERS_WIDTH;
  rects[options.fpu ? 'fpu' : 'registers'] = { left: 0, top: 0, width: left, height: body };
  const bottom = Math.max(8, Math.min(12, Math.floor(body * 0.42)));
  rects.disassembly = { left, top: 0, width: w - left, height: body - bottom };
  const boardWidth = 25;
  rects.board = { left, top: body - bottom, width: boardWidth, height: bottom };
  shared = ['console', 'memory', 'stack', 'peripherals'];
  place(
    rects,
    shared,
    { left: left + boardWidth, top: body - bottom, width: w - left - boardWidth, height: bottom },
    options.sharedIndex,
  );
  return { rects, shared, statusRow: body };
}
