/**
 * The keys, in one table that both the screen and the help overlay read: the function keys
 * debugger users know (F5, F9, F10, F11, Shift-F11) and single letters for terminals without
 * them.
 */
export type Action =
  | 'continue'
  | 'pause'
  | 'run-pause'
  | 'step'
  | 'over'
  | 'out'
  | 'breakpoint'
  | 'breakpoint-at'
  | 'run-to-cursor'
  | 'reset'
  | 'goto'
  | 'memory'
  | 'watch'
  | 'speed'
  | 'button'
  | 'type'
  | 'fpu'
  | 'peripherals'
  | 'port-previous'
  | 'port-next'
  | 'next-pane'
  | 'load'
  | 'help'
  | 'quit'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down';

export interface Binding {
  /** Blessed key names (`f5`, `S-f11`, `space`) or the characters typed (`c`, `?`, `B`). */
  keys: string[];
  action: Action;
  /** What the help shows in the key column; none: not listed. */
  label?: string;
  help?: string;
}

export const BINDINGS: Binding[] = [
  { keys: ['f5', 'c'], action: 'continue', label: 'F5  c', help: 'run until something stops it' },
  { keys: ['f6', 'p'], action: 'pause', label: 'F6  p', help: 'pause' },
  { keys: ['space'], action: 'run-pause', label: 'Space', help: 'run or pause' },
  { keys: ['f11', 's'], action: 'step', label: 'F11 s', help: 'step one instruction' },
  { keys: ['f10', 'n'], action: 'over', label: 'F10 n', help: 'step over a call (BL, BLX)' },
  { keys: ['S-f11', 'o'], action: 'out', label: 'S-F11 o', help: 'step out of function/handler' },
  { keys: ['f9', 'b'], action: 'breakpoint', label: 'F9  b', help: 'breakpoint on cursor line' },
  { keys: ['B'], action: 'breakpoint-at', label: 'B', help: 'breakpoint at address/symbol' },
  { keys: ['f4', 'u'], action: 'run-to-cursor', label: 'F4  u', help: 'run to the cursor line' },
  { keys: ['r'], action: 'reset', label: 'r', help: 'reset: reload, wait at start' },
  { keys: ['g'], action: 'goto', label: 'g', help: 'code at address/symbol' },
  { keys: ['m'], action: 'memory', label: 'm', help: 'memory at address/symbol' },
  { keys: ['w'], action: 'watch', label: 'w', help: 'watch a word: writes stop' },
  { keys: ['f'], action: 'speed', label: 'f', help: 'real time / full speed' },
  { keys: ['1'], action: 'button', label: '1', help: 'press the user button B1' },
  { keys: ['t'], action: 'type', label: 't', help: 'type to console (Esc ends)' },
  { keys: ['v'], action: 'fpu', label: 'v', help: 'FPU registers on/off' },
  { keys: ['d'], action: 'peripherals', label: 'd', help: 'peripherals: GPIO, RCC, NVIC' },
  { keys: ['['], action: 'port-previous', label: '[ ]', help: 'previous/next GPIO port' },
  { keys: [']'], action: 'port-next' },
  { keys: ['tab'], action: 'next-pane', label: 'Tab', help: 'switch the shared pane' },
  { keys: ['l'], action: 'load', label: 'l', help: 'load a demo program' },
  { keys: ['up', 'k'], action: 'up', label: 'Up Down', help: 'code cursor (PgUp PgDn)' },
  { keys: ['down', 'j'], action: 'down' },
  { keys: ['pageup'], action: 'page-up' },
  { keys: ['pagedown'], action: 'page-down' },
  { keys: ['f1', '?', 'h'], action: 'help', label: '?  h', help: 'this help' },
  { keys: ['q', 'C-c'], action: 'quit', label: 'q', help: 'quit (Ctrl-C too)' },
];

const BY_KEY = new Map<string, Action>();
for (const b of BINDINGS) for (const k of b.keys) BY_KEY.set(k, b.action);

/** The action for a key press: blessed's key name first, then the character typed. */
export function actionFor(name: string | undefined, ch: string | undefined): Action | undefined {
  if (name !== undefined && name.length > 1) {
    const byName = BY_KEY.get(name);
    if (byName !== undefined) return byName;
  }
  return ch === undefined ? undefined : BY_KEY.get(ch);
}
