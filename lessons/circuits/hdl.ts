/**
 * The circuit format, in the spirit of nand2tetris' HDL: a file holds one or more chips, each
 * with its input pins (its switches when it runs alone), its output pins (its lamps) and its
 * parts, one part per line:
 *
 *     // A half adder: adds two bits.
 *     CHIP HalfAdder {
 *         IN a, b;
 *         OUT sum, carry;
 *         PARTS:
 *         Xor(a=a, b=b, out=sum);
 *         And(a=a, b=b, out=carry);
 *     }
 *
 * `a[4]` declares a bus of 4 wires, a[0] the least significant; `a[1..2]` is part of one.
 * `true` and `false` are the power rail and nothing. This file only reads the text; build.ts
 * checks that the parts fit together.
 */
import { CircuitError } from './error.ts';

export interface PinDecl {
  name: string;
  width: number;
  line: number;
}

/** A wire or pin named in a connection, with an optional range of its bits. */
export interface Ref {
  name: string;
  /** First and last bit of `name[from..to]`; `name[k]` has from = to = k; absent for all. */
  from?: number;
  to?: number;
  line: number;
}

export interface Connection {
  pin: Ref;
  wire: Ref;
}

export interface PartUse {
  name: string;
  connections: Connection[];
  line: number;
}

export interface ChipDef {
  name: string;
  inputs: PinDecl[];
  outputs: PinDecl[];
  parts: PartUse[];
  file: string;
  line: number;
}

interface Token {
  text: string;
  line: number;
}

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === '\n') {
      line++;
      k++;
    } else if (/\s/.test(c)) {
      k++;
    } else if (text.startsWith('//', k)) {
      while (k < text.length && text[k] !== '\n') k++;
    } else if (text.startsWith('/*', k)) {
      const start = line;
      const end = text.indexOf('*/', k + 2);
      if (end < 0) throw new CircuitError(file, start, 'a /* comment is never closed with */');
      for (; k < end + 2; k++) if (text[k] === '\n') line++;
    } else if (text.startsWith('..', k)) {
      tokens.push({ text: '..', line });
      k += 2;
    } else if ('{}()[],;=:'.includes(c)) {
      tokens.push({ text: c, line });
      k++;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]+/.exec(text.slice(k, k + 64));
      if (word === null) throw new CircuitError(file, line, `unexpected character '${c}'`);
      tokens.push({ text: word[0], line });
      k += word[0].length;
    }
  }
  return tokens;
}

const isName = (t: string) => /^[A-Za-z_]/.test(t);

class Parser {
  private k = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  private get line(): number {
    const t = this.tokens[this.k] ?? this.tokens[this.tokens.length - 1];
    return t?.line ?? 1;
  }

  private error(reason: string, line = this.line): CircuitError {
    return new CircuitError(this.file, line, reason);
  }

  private peek(): string | undefined {
    return this.tokens[this.k]?.text;
  }

  private found(): string {
    const t = this.peek();
    return t === undefined ? 'the end of the file' : `'${t}'`;
  }

  private expect(text: string, after: string): void {
    if (this.peek() !== text)
      throw this.error(`expected '${text}' ${after}, found ${this.found()}`);
    this.k++;
  }

  private name(what: string): string {
    const t = this.peek();
    if (t === undefined || !isName(t)) throw this.error(`expected ${what}, found ${this.found()}`);
    this.k++;
    return t;
  }

  private number(what: string): number {
    const t = this.peek();
    if (t === undefined || !/^[0-9]+$/.test(t))
      throw this.error(`expected ${what}, found ${this.found()}`);
    this.k++;
    return Number(t);
  }

  atEnd(): boolean {
    return this.k >= this.tokens.length;
  }

  chip(): ChipDef {
    const line = this.line;
    if (this.peek() !== 'CHIP') throw this.error(`expected CHIP, found ${this.found()}`);
    this.k++;
    const name = this.name('the chip name after CHIP');
    this.expect('{', `after CHIP ${name}`);
    const inputs = this.peek() === 'IN' ? this.pins('IN') : [];
    const outputs = this.peek() === 'OUT' ? this.pins('OUT') : [];
    if (this.peek() !== 'PARTS') {
      throw this.error(`expected IN, OUT or PARTS: in CHIP ${name}, found ${this.found()}`);
    }
    this.k++;
    this.expect(':', 'after PARTS');
    const parts: PartUse[] = [];
    while (this.peek() !== '}') {
      if (this.atEnd()) throw this.error(`CHIP ${name} (line ${line}) is never closed with }`);
      parts.push(this.part());
    }
    this.k++;
    return { name, inputs, outputs, parts, file: this.file, line };
  }

  private pins(keyword: 'IN' | 'OUT'): PinDecl[] {
    this.k++;
    const pins: PinDecl[] = [];
    for (;;) {
      const line = this.line;
      const name = this.name(`a pin name after ${keyword}`);
      let width = 1;
      if (this.peek() === '[') {
        this.k++;
        width = this.number(`the width of bus ${name}`);
        if (width < 1 || width > 32) throw this.error(`bus ${name} must be 1 to 32 wires wide`);
        this.expect(']', `after the width of ${name}`);
      }
      pins.push({ name, width, line });
      if (this.peek() === ';') break;
      this.expect(',', `or ';' after pin ${name}`);
    }
    this.k++;
    return pins;
  }

  private part(): PartUse {
    const line = this.line;
    const name = this.name('a part (like And(a=x, b=y, out=z);)');
    this.expect('(', `after ${name}`);
    const connections: Connection[] = [];
    if (this.peek() !== ')') {
      for (;;) {
        const pin = this.ref(`a pin of ${name}`);
        this.expect('=', `after pin ${pin.name} of ${name}`);
        const wire = this.ref(`the wire for pin ${pin.name}`);
        connections.push({ pin, wire });
        if (this.peek() === ')') break;
        this.expect(',', `or ')' after ${pin.name}=${wire.name}`);
      }
    }
    this.k++;
    this.expect(';', `after the part ${name}(...)`);
    return { name, connections, line };
  }

  private ref(what: string): Ref {
    const line = this.line;
    const name = this.name(what);
    if (this.peek() !== '[') return { name, line };
    this.k++;
    const from = this.number(`a bit number in ${name}[...]`);
    let to = from;
    if (this.peek() === '..') {
      this.k++;
      to = this.number(`the last bit number in ${name}[${from}..]`);
      if (to < from) throw this.error(`${name}[${from}..${to}]: the range goes backwards`);
    }
    this.expect(']', `after ${name}[${from}`);
    return { name, from, to, line };
  }
}

/** Reads every chip in a circuit file. */
export function parseCircuit(text: string, file: string): ChipDef[] {
  const parser = new Parser(tokenize(text, file), file);
  const chips: ChipDef[] = [];
  while (!parser.atEnd()) chips.push(parser.chip());
  if (chips.length === 0) throw new CircuitError(file, 1, 'no CHIP in this file');
  return chips;
}
