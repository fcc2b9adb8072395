/**
 * Draws frames (frame.ts) in the terminal with blessed, and reports keys and mouse clicks. Only
 * what changed is handed to blessed, and blessed writes only the cells that changed. Styles
 * become attributes readable on dark and light backgrounds alike: bold, inverse, underline,
 * red and green text, and coloured blocks for the LEDs.
 */
import blessed from 'blessed';

import type { Frame, Overlay } from './frame.ts';
import type { PaneId, Rect } from './layout.ts';
import type { Line, Style } from './text.ts';

type Box = blessed.Widgets.BoxElement;

const OPEN: Record<Style, string> = {
  heading: '{bold}',
  changed: '{red-fg}{bold}',
  current: '{inverse}',
  cursor: '{underline}',
  breakpoint: '{red-fg}{bold}',
  set: '{bold}',
  error: '{red-fg}{bold}',
  good: '{green-fg}{bold}',
  key: '{bold}',
  'led-green': '{black-fg}{green-bg}',
  'led-blue': '{white-fg}{blue-bg}',
  'led-red': '{white-fg}{red-bg}',
  'led-yellow': '{black-fg}{yellow-bg}',
  pressed: '{inverse}',
};

/** A line as blessed tags, its text escaped (`{r4, lr}` is not a tag). */
export function toTags(line: Line): string {
  let out = '';
  for (const s of line) {
    const text = blessed.escape(s.text);
    out += s.style === undefined ? text : `${OPEN[s.style]}${text}{/}`;
  }
  return out;
}

export interface ScreenEvents {
  key(name: string | undefined, ch: string | undefined): void;
  /** A click in a pane: row and column inside its border (-1: on the title). */
  click(pane: PaneId, row: number, column: number): void;
  wheel(pane: PaneId, lines: number): void;
  resize(): void;
}

export interface ScreenStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export class Screen {
  private readonly screen: blessed.Widgets.Screen;
  private readonly boxes = new Map<PaneId, Box>();
  private readonly status: Box;
  private readonly overlay: Box;
  /** What each element shows now (content, label, place), to skip what did not change. */
  private readonly shown = new Map<object, Map<string, string>>();
  private destroyed = false;

  constructor(
    private readonly events: ScreenEvents,
    streams: ScreenStreams = {},
  ) {
    this.screen = blessed.screen({
      smartCSR: true,
      fullUnicode: false,
      warnings: false,
      title: 'Loom',
      autoPadding: false,
      dockBorders: false,
      input: streams.input,
      output: streams.output,
    } as blessed.Widgets.IScreenOptions);
    // Line drawing through UTF-8 rather than the terminal's alternate character set, which
    // tmux and some terminals pass through as letters.
    const program = this.screen.program as unknown as {
      tput: { unicode: boolean; brokenACS: boolean };
    };
    const tput = program.tput;
    if (tput.unicode) tput.brokenACS = true;
    this.status = blessed.box({ parent: this.screen, left: 0, height: 1, tags: true, wrap: false });
    this.overlay = blessed.box({
      parent: this.screen,
      border: { type: 'line' },
      tags: true,
      hidden: true,
      wrap: false,
    });
    this.screen.on('keypress', (ch: string | undefined, key: { full?: string } | undefined) => {
      this.events.key(key?.full, ch);
    });
    this.screen.on('resize', () => this.events.resize());
  }

  get width(): number {
    return this.screen.width as number;
  }

  get height(): number {
    return this.screen.height as number;
  }

  private boxFor(id: PaneId): Box {
    let box = this.boxes.get(id);
    if (box === undefined) {
      box = blessed.box({
        parent: this.screen,
        border: { type: 'line' },
        tags: true,
        wrap: false,
        clickable: true,
      });
      box.on('click', (data: { x: number; y: number }) => {
        const row = data.y - (box!.atop as number) - 1;
        const column = data.x - (box!.aleft as number) - 1;
        this.events.click(id, row, column);
      });
      box.on('wheelup', () => this.events.wheel(id, -3));
      box.on('wheeldown', () => this.events.wheel(id, 3));
      this.boxes.set(id, box);
      // Behind the overlay.
      this.overlay.setFront();
    }
    return box;
  }

  /** Sets `value` on `element` through `apply` unless it is already shown. */
  private update(element: object, key: string, value: string, apply: () => void): void {
    let shown = this.shown.get(element);
    if (shown === undefined) this.shown.set(element, (shown = new Map()));
    if (shown.get(key) === value) return;
    shown.set(key, value);
    apply();
  }

  private place(box: Box, rect: Rect): void {
    this.update(box, 'rect', `${rect.left},${rect.top},${rect.width},${rect.height}`, () => {
      box.left = rect.left;
      box.top = rect.top;
      box.width = rect.width;
      box.height = rect.height;
    });
  }

  draw(frame: Frame): void {
    if (this.destroyed) return;
    const visible = new Set<PaneId>();
    for (const pane of frame.panes) {
      visible.add(pane.id);
      const box = this.boxFor(pane.id);
      this.place(box, pane.rect);
      this.update(box, 'label', pane.title, () => box.setLabel(` ${pane.title} `));
      const content = pane.lines.map(toTags).join('\n');
      this.update(box, 'content', content, () => box.setContent(content));
      if (box.hidden) box.show();
    }
    for (const [id, box] of this.boxes) if (!visible.has(id) && !box.hidden) box.hide();
    this.status.top = frame.statusRow;
    this.status.width = frame.width;
    const status = toTags(frame.status);
    this.update(this.status, 'content', status, () => this.status.setContent(status));
    this.drawOverlay(frame.overlay);
    this.screen.render();
  }

  private drawOverlay(overlay: Overlay | undefined): void {
    if (overlay === undefined) {
      if (!this.overlay.hidden) this.overlay.hide();
      return;
    }
    const longest = Math.max(...overlay.lines.map((l) => l.reduce((n, s) => n + s.text.length, 0)));
    const width = Math.min(this.width - 2, Math.max(longest, overlay.title.length + 4) + 4);
    const height = Math.min(this.height - 1, overlay.lines.length + 2);
    this.place(this.overlay, {
      left: Math.max(0, Math.floor((this.width - width) / 2)),
      top: Math.max(0, Math.floor((this.height - 1 - height) / 2)),
      width,
      height,
    });
    this.update(this.overlay, 'label', overlay.title, () =>
      this.overlay.setLabel(` ${overlay.title} `),
    );
    const content = overlay.lines.map((l) => ` ${toTags(l)}`).join('\n');
    this.update(this.overlay, 'content', content, () => this.overlay.setContent(content));
    if (this.overlay.hidden) this.overlay.show();
    this.overlay.setFront();
  }

  /** Gives the terminal back as it was: main screen, cursor, no mouse reporting, cooked mode. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.screen.destroy();
  }
}
