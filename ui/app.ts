/**
 * The terminal UI: a session, a screen, and what joins them - keys and clicks become commands,
 * the machine runs in slices of about 15 ms between which keys are read, and the screen is
 * drawn at most 30 times a second and never for more than a twentieth of the time, so that
 * drawing costs the emulation less than a tenth of its speed.
 */
import { isNumber, parseAddress } from '../cli/numbers.ts';
import { CodeCache } from './code-cache.ts';
import { buildFrame, helpOverlay, newViewState, type Frame, type ViewState } from './frame.ts';
import { actionFor, type Action } from './keys.ts';
import type { PaneId } from './layout.ts';
import type { GdbLink } from './gdb-link.ts';
import { demoProgram, type Demo } from './programs.ts';
import { Screen, type ScreenStreams } from './screen.ts';
import { Session, type Program, type Status } from './session.ts';
import { span, type Line } from './text.ts';
import { bytesPerRow, memorySnapshot } from './views/memory.ts';
import { PERIPHERAL_PAGES } from './views/peripherals.ts';

/** Wall-clock length of one slice of emulation between looks at the keyboard. */
const SLICE_MS = 15;
const MAX_FPS = 30;
/** The share of wall time drawing may take while the machine runs. */
const DRAW_SHARE = 0.05;
/** Bytes of memory remembered for the changed-byte highlight. */
const MEMORY_WINDOW = 1024;
const GPIO_PORTS = 'ABCDEFGHIJK';

export interface AppOptions {
  /** The program to open; null with `message` when there is none (an image that failed). */
  program: Program | null;
  message?: string;
  demos: Demo[];
  readFile: (path: string) => Uint8Array;
  realtime: boolean;
  streams?: ScreenStreams;
  /** Exit status and why, when the UI ends. */
  onExit?: (status: number) => void;
  /** The session to show (a GDB server may share it); a new one by default. */
  session?: Session;
  /** A GDB server's link to the session's machine (`loom ui --gdb`). */
  gdb?: GdbLink;
}

interface Prompt {
  label: string;
  text: string;
  done: (text: string) => void;
}

export class App {
  readonly session: Session;
  readonly view: ViewState = newViewState();
  private readonly screen: Screen;
  private code: CodeCache | null = null;
  private timer: { kind: 'timeout' | 'immediate'; handle: unknown } | null = null;
  private drawPending = false;
  private lastDrawMs = 0;
  private frameMs = 1000 / MAX_FPS;
  /** Wall time spent drawing, in ms, and frames drawn. */
  drawMs = 0;
  frames = 0;
  private prompt: Prompt | null = null;
  private menu: Demo[] | null = null;
  private lastFrame: Frame | null = null;
  /** The stop whose explanation was shown, so that it is shown once. */
  private shownStop: Status | null = null;
  private busy = false;
  private closed = false;
  private exited: Promise<number>;
  private exit: (status: number) => void = () => {};
  private readonly signals: [NodeJS.Signals, () => void][] = [];

  constructor(private readonly options: AppOptions) {
    this.exited = new Promise((resolve) => (this.exit = resolve));
    this.session = options.session ?? new Session();
    if (options.gdb !== undefined) {
      // What gdb did (a run, a stop, a register or memory written) shows at once.
      options.gdb.onChange = () => {
        if (!this.closed) this.afterCommand();
      };
    }
    this.session.realtime = options.realtime;
    this.session.onCommand = () => this.snapshotMemory();
    this.screen = new Screen(
      {
        key: (name, ch) => this.onKey(name, ch),
        click: (pane, row, column) => this.onClick(pane, row, column),
        wheel: (pane, lines) => this.onWheel(pane, lines),
        resize: () => this.draw(),
      },
      options.streams,
    );
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
      const handler = () => this.quit(signal === 'SIGINT' ? 130 : 143);
      process.on(signal, handler);
      this.signals.push([signal, handler]);
    }
    process.on('exit', this.restoreTerminal);
    process.on('uncaughtException', this.failed);
    process.on('unhandledRejection', this.failed);
  }

  /** Opens the program and runs until the user quits; resolves to the exit status. */
  async run(): Promise<number> {
    if (this.options.program !== null) await this.open(this.options.program);
    else this.session.fail(this.options.message ?? 'no program');
    this.draw();
    return this.exited;
  }

  private readonly restoreTerminal = () => this.screen.destroy();

  /** A bug in Loom: the terminal back as it was, then one line that says what went wrong. */
  private readonly failed = (e: unknown) => {
    this.quit(70);
    process.stderr.write(`loom ui: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  };

  quit(status = 0): void {
    if (this.closed) return;
    this.closed = true;
    this.stopLoop();
    for (const [signal, handler] of this.signals) process.off(signal, handler);
    process.off('exit', this.restoreTerminal);
    process.off('uncaughtException', this.failed);
    process.off('unhandledRejection', this.failed);
    this.screen.destroy();
    this.options.onExit?.(status);
    this.exit(status);
  }

  // --- Programs ------------------------------------------------------------------------------

  private async open(program: Program): Promise<void> {
    this.stopLoop();
    await this.session.load(program);
    await this.booted();
  }

  private async reset(): Promise<void> {
    this.stopLoop();
    await this.session.reset();
    await this.booted();
  }

  /** A new machine: its code disassembled, the views back to where it starts. */
  private async booted(): Promise<void> {
    const { machine, image } = this.session;
    const gdb = this.options.gdb;
    if (gdb !== undefined) {
      gdb.attach(machine, image);
      for (const line of gdb.banner) this.session.console.note(line);
    }
    this.view.cursor = undefined;
    this.view.codeTop = undefined;
    this.code = null;
    if (machine !== null && image !== null) {
      const code = new CodeCache(machine);
      code.onReady = () => this.requestDraw();
      try {
        await code.prepare(image);
      } catch {
        // Capstone failed on this image: windows are disassembled on demand instead.
      }
      this.code = code;
      const ram = image.segments.find((s) => machine.bus.find(s.address)?.kind === 'ram');
      this.view.memoryAddress = ram?.address ?? 0x2000_0000;
      this.snapshotMemory();
    }
    this.afterCommand();
  }

  private snapshotMemory(): void {
    const machine = this.session.machine;
    if (machine !== null) {
      this.view.memoryBefore = memorySnapshot(machine, this.view.memoryAddress, MEMORY_WINDOW);
    }
  }

  // --- The run loop --------------------------------------------------------------------------

  private schedule(waitMs: number): void {
    if (this.timer !== null || this.closed) return;
    this.timer =
      waitMs > 0
        ? { kind: 'timeout', handle: setTimeout(this.loop, Math.min(waitMs, SLICE_MS)) }
        : { kind: 'immediate', handle: setImmediate(this.loop) };
  }

  private stopLoop(): void {
    if (this.timer === null) return;
    if (this.timer.kind === 'timeout') clearTimeout(this.timer.handle as NodeJS.Timeout);
    else clearImmediate(this.timer.handle as NodeJS.Immediate);
    this.timer = null;
  }

  private readonly loop = (): void => {
    this.timer = null;
    if (this.closed || !this.session.running) return;
    const wait = this.session.slice(performance.now() + SLICE_MS);
    if (this.session.running) {
      if (performance.now() - this.lastDrawMs >= this.frameMs) this.draw();
      this.schedule(wait);
    } else {
      this.afterCommand();
    }
  };

  // --- Drawing -------------------------------------------------------------------------------

  /** Draws soon (once, however often it is asked before then). */
  private requestDraw(): void {
    if (this.drawPending || this.closed) return;
    this.drawPending = true;
    setImmediate(() => {
      this.drawPending = false;
      this.draw();
    });
  }

  draw(): void {
    if (this.closed) return;
    const start = performance.now();
    const frame = buildFrame(
      this.session,
      this.view,
      this.code,
      this.screen.width,
      this.screen.height,
    );
    this.screen.draw(frame);
    this.lastFrame = frame;
    const ms = performance.now() - start;
    this.drawMs += ms;
    this.frames++;
    this.lastDrawMs = performance.now();
    this.frameMs = Math.max(1000 / MAX_FPS, ms / DRAW_SHARE);
  }

  /** After a step or a stop: the code cursor back on the PC, a fault explained, a redraw. */
  private afterCommand(): void {
    this.view.cursor = undefined;
    const status = this.session.status;
    const bad = status.kind === 'fault' || status.kind === 'lockup' || status.kind === 'error';
    // (A program that could not be loaded says why in the code pane.)
    if (bad && status.state !== 'empty') {
      if (this.shownStop !== status) {
        this.shownStop = status;
        this.session.console.note(status.message);
        const title = status.kind === 'error' ? 'Loom failed' : `The core stopped: ${status.kind}`;
        this.view.overlay = {
          title,
          lines: [
            ...wrap(status.message, this.screen.width - 8),
            [],
            [span('Any key closes this.')],
          ],
        };
      }
    }
    if (this.session.running) this.schedule(0);
    this.requestDraw();
  }

  // --- Input ---------------------------------------------------------------------------------

  private onKey(name: string | undefined, ch: string | undefined): void {
    if (name === 'C-c') {
      this.quit(0);
      return;
    }
    if (this.busy) return;
    if (this.prompt !== null) {
      this.promptKey(name, ch);
      return;
    }
    if (this.view.typing) {
      this.typingKey(name, ch);
      return;
    }
    if (this.menu !== null) {
      this.menuKey(name, ch);
      return;
    }
    if (this.view.overlay !== undefined) {
      this.view.overlay = undefined;
      this.requestDraw();
      return;
    }
    this.view.notice = undefined;
    const action = actionFor(name, ch);
    if (action !== undefined) this.perform(action);
    this.requestDraw();
  }

  private perform(action: Action): void {
    const session = this.session;
    const cursor = () => this.view.cursor ?? session.machine?.cpu.pc ?? 0;
    switch (action) {
      case 'continue':
        session.resume();
        break;
      case 'pause':
        session.pause();
        break;
      case 'run-pause':
        if (session.running) session.pause();
        else session.resume();
        break;
      case 'step':
        session.step();
        break;
      case 'over':
        session.stepOver();
        break;
      case 'out':
        session.stepOut();
        break;
      case 'run-to-cursor':
        session.runTo(cursor());
        break;
      case 'breakpoint':
        if (session.machine !== null) session.toggleBreakpoint(cursor());
        return;
      case 'breakpoint-at':
        this.ask('breakpoint at (address or symbol): ', (a) => session.toggleBreakpoint(a));
        return;
      case 'goto':
        this.ask('go to (address or symbol): ', (a) => {
          this.view.cursor = a & ~1;
          this.view.codeTop = undefined;
        });
        return;
      case 'memory':
        this.ask('memory at (address or symbol): ', (a) => {
          this.view.memoryAddress = a;
          this.snapshotMemory();
          this.show('memory');
        });
        return;
      case 'watch':
        this.ask('watch the word at (address or symbol; again to stop): ', (a) => {
          session.toggleWatch(a);
          this.show('memory');
        });
        return;
      case 'reset':
        void this.whileBusy(() => this.reset());
        return;
      case 'speed':
        session.setRealtime(!session.realtime);
        return;
      case 'button':
        session.pressButton('B1');
        this.afterCommand();
        return;
      case 'type':
        this.view.typing = true;
        this.show('console');
        return;
      case 'fpu':
        this.view.fpu = !this.view.fpu;
        return;
      case 'peripherals':
        if (this.visible('peripherals')) {
          const k = PERIPHERAL_PAGES.indexOf(this.view.page);
          this.view.page = PERIPHERAL_PAGES[(k + 1) % PERIPHERAL_PAGES.length];
        }
        this.show('peripherals');
        return;
      case 'port-previous':
      case 'port-next': {
        const k = GPIO_PORTS.indexOf(this.view.port);
        const step = action === 'port-next' ? 1 : GPIO_PORTS.length - 1;
        this.view.port = GPIO_PORTS[(k + step) % GPIO_PORTS.length];
        this.view.page = 'gpio';
        this.show('peripherals');
        return;
      }
      case 'next-pane':
        this.view.sharedIndex++;
        return;
      case 'load':
        this.menu = this.options.demos;
        this.view.overlay = {
          title: 'Load a demo (Esc: cancel)',
          lines: this.menu.map((d, k) => [
            span(`${menuKey(k)}  `, 'key'),
            span(d.name.padEnd(18)),
            span(d.description),
          ]),
        };
        return;
      case 'help':
        this.view.overlay = helpOverlay(this.screen.width);
        return;
      case 'quit':
        this.quit(0);
        return;
      case 'up':
      case 'down':
      case 'page-up':
      case 'page-down': {
        const lines = action === 'up' || action === 'down' ? 1 : 10;
        this.moveCursor(action === 'up' || action === 'page-up' ? -lines : lines);
        return;
      }
    }
    this.afterCommand();
  }

  /** Whether a pane is on the screen now. */
  private visible(pane: PaneId): boolean {
    return this.lastFrame?.panes.some((p) => p.id === pane) ?? false;
  }

  /** Brings a pane that shares its place to the front. */
  private show(pane: PaneId): void {
    const shared = this.lastFrame?.shared ?? [];
    const k = shared.indexOf(pane);
    if (k >= 0) this.view.sharedIndex = k;
  }

  private moveCursor(lines: number): void {
    const machine = this.session.machine;
    if (machine === null || this.code === null) return;
    const at = this.view.cursor ?? machine.cpu.pc;
    const found = this.code.around(at);
    if (found === null) return;
    const k = Math.max(0, Math.min(found.insns.length - 1, found.index + lines));
    this.view.cursor = found.insns[k].address;
  }

  private async whileBusy(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
      this.requestDraw();
    }
  }

  // --- Prompts, typing, menus ----------------------------------------------------------------

  /** Asks for an address or a symbol in the status line; Enter takes it, Esc cancels. */
  private ask(label: string, then: (address: number) => void): void {
    this.prompt = {
      label,
      text: '',
      done: (text) => {
        const address = this.addressOf(text.trim());
        if (address === undefined) {
          this.view.notice = `'${text.trim()}' is neither an address nor a symbol of the program`;
          return;
        }
        then(address);
      },
    };
    this.view.notice = `${label}▏`;
  }

  private addressOf(text: string): number | undefined {
    if (text === '') return undefined;
    if (isNumber(text)) {
      try {
        return parseAddress(text, 'address');
      } catch {
        return undefined;
      }
    }
    return this.session.symbols.get(text)?.address;
  }

  private promptKey(name: string | undefined, ch: string | undefined): void {
    const prompt = this.prompt!;
    if (name === 'escape') {
      this.prompt = null;
      this.view.notice = undefined;
    } else if (name === 'enter' || name === 'return') {
      this.prompt = null;
      this.view.notice = undefined;
      prompt.done(prompt.text);
    } else if (name === 'backspace') {
      prompt.text = prompt.text.slice(0, -1);
    } else if (ch !== undefined && ch >= ' ' && ch.length === 1) {
      prompt.text += ch;
    }
    if (this.prompt !== null) this.view.notice = `${prompt.label}${prompt.text}▏`;
    this.requestDraw();
  }

  private typingKey(name: string | undefined, ch: string | undefined): void {
    if (name === 'escape') {
      this.view.typing = false;
    } else {
      const text =
        name === 'enter' || name === 'return'
          ? '\r'
          : name === 'backspace'
            ? '\x7f'
            : name === 'tab'
              ? '\t'
              : ch;
      if (text !== undefined && text !== '') this.session.sendInput(new TextEncoder().encode(text));
    }
    this.requestDraw();
  }

  private menuKey(name: string | undefined, ch: string | undefined): void {
    const menu = this.menu!;
    this.menu = null;
    this.view.overlay = undefined;
    const k = ch === undefined ? -1 : MENU_KEYS.indexOf(ch);
    if (name !== 'escape' && k >= 0 && k < menu.length) {
      const program = demoProgram(menu[k], this.options.readFile);
      void this.whileBusy(() => this.open(program));
    }
    this.requestDraw();
  }

  // --- Mouse ---------------------------------------------------------------------------------

  private onClick(pane: PaneId, row: number, column: number): void {
    if (this.busy || this.view.overlay !== undefined) return;
    const frame = this.lastFrame;
    const shown = frame?.panes.find((p) => p.id === pane);
    if (shown === undefined) return;
    if (row < 0) {
      if (pane === 'peripherals') this.perform('peripherals');
      else if (frame!.shared.includes(pane)) this.view.sharedIndex++;
    } else if (pane === 'disassembly') {
      const address = shown.addresses?.[row];
      if (address !== undefined) {
        if (column <= 1) this.session.toggleBreakpoint(address);
        else this.view.cursor = address;
      }
    } else if (pane === 'board') {
      const text = shown.lines[row]?.map((s) => s.text).join('') ?? '';
      const button = this.session.machine?.board.buttons.find((b) => text.includes(`${b.name} `));
      if (button !== undefined) {
        this.session.pressButton(button.name);
        this.afterCommand();
      }
    }
    this.requestDraw();
  }

  private onWheel(pane: PaneId, lines: number): void {
    if (pane === 'disassembly') this.moveCursor(lines);
    else if (pane === 'memory') {
      const width = this.lastFrame?.panes.find((p) => p.id === 'memory')?.rect.width ?? 80;
      this.view.memoryAddress = (this.view.memoryAddress + lines * bytesPerRow(width - 2)) >>> 0;
      this.snapshotMemory();
    }
    this.requestDraw();
  }
}

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): Line[] {
  const lines: Line[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push([span(line)]);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push([span(line)]);
  return lines;
}

const MENU_KEYS = '123456789abcdefghijklmnopqrstuvwxyz';
const menuKey = (k: number) => MENU_KEYS[k] ?? ' ';
