/**
 * From chips to a flat netlist: checks that every chip's parts fit (pins exist, widths match,
 * every input is connected, every wire has one driver), then replaces each part by its own parts
 * down to the built-in ones. Errors name the file and line of the part at fault.
 */
import { CircuitError } from './error.ts';
import type { ChipDef, PartUse, Ref } from './hdl.ts';
import { HIGH, LOW, type Level } from './logic.ts';
import type { Primitive } from './primitives.ts';
import { suggest, type Resolved, type Scope } from './scope.ts';

/** A part use that led to a gate: the chain of them says where the gate comes from. */
export interface Origin {
  part: string;
  /** Where the part is used. */
  file: string;
  line: number;
  /** The file that defines the part; null for a built-in one. */
  definedIn: string | null;
}

export interface Gate {
  primitive: Primitive;
  /** Nets, in the order of `primitive.inputs`. */
  inputs: number[];
  output: number;
  /** In time units; every gate takes 1 unless a demo changes it. */
  delay: number;
  /** The part uses from the top chip down to this gate. */
  origin: Origin[];
}

export interface PinNets {
  name: string;
  /** Bit 0 first. */
  nets: number[];
}

export interface Netlist {
  chip: ChipDef;
  /** A readable name per net: the top chip's pins and wires by name, others by their path. */
  netNames: string[];
  gates: Gate[];
  inputs: PinNets[];
  outputs: PinNets[];
  /** The nets of `false` and `true`. */
  low: number;
  high: number;
}

interface PinShape {
  name: string;
  width: number;
  output: boolean;
}

type BitRef = { wire: string; bit: number } | { constant: Level };

interface CheckedPart {
  use: PartUse;
  target: Resolved;
  /** Per pin of the target, per bit: what it is connected to, if anything. */
  bits: Map<string, (BitRef | undefined)[]>;
}

interface Wire {
  name: string;
  kind: 'input' | 'output' | 'internal';
  width: number | undefined;
  /** Where the width was set (internal wires) or declared (pins). */
  line: number;
}

interface CheckedChip {
  def: ChipDef;
  wires: Map<string, Wire>;
  parts: CheckedPart[];
}

function shapeOf(target: Resolved): PinShape[] {
  if (target.kind === 'primitive') {
    const p = target.primitive;
    return [
      ...p.inputs.map((name) => ({ name, width: 1, output: false })),
      { name: p.output, width: 1, output: true },
    ];
  }
  return [
    ...target.def.inputs.map((p) => ({ name: p.name, width: p.width, output: false })),
    ...target.def.outputs.map((p) => ({ name: p.name, width: p.width, output: true })),
  ];
}

const pinList = (shape: PinShape[]) =>
  shape.map((p) => (p.width > 1 ? `${p.name}[${p.width}]` : p.name)).join(', ');

const refText = (r: Ref) =>
  r.from === undefined
    ? r.name
    : r.from === r.to
      ? `${r.name}[${r.from}]`
      : `${r.name}[${r.from}..${r.to}]`;

const bitName = (wire: string, width: number, bit: number) =>
  width === 1 ? wire : `${wire}[${bit}]`;

const wires1 = (n: number) => (n === 1 ? '1 wire' : `${n} wires`);

const checked = new WeakMap<ChipDef, CheckedChip>();

function check(def: ChipDef, scope: Scope, stack: ChipDef[]): CheckedChip {
  const done = checked.get(def);
  if (done !== undefined) return done;
  const error = (line: number, reason: string) => new CircuitError(def.file, line, reason);

  const wires = new Map<string, Wire>();
  for (const [kind, pins] of [
    ['input', def.inputs],
    ['output', def.outputs],
  ] as const) {
    for (const pin of pins) {
      if (pin.name === 'true' || pin.name === 'false') {
        throw error(pin.line, `'${pin.name}' is the name of a constant: call the pin otherwise`);
      }
      if (wires.has(pin.name)) throw error(pin.line, `pin '${pin.name}' is declared twice`);
      wires.set(pin.name, { name: pin.name, kind, width: pin.width, line: pin.line });
    }
  }

  // Resolve every part first, so that a chip that contains itself is found before it loops.
  stack.push(def);
  const targets = def.parts.map((use) => {
    const target = scope.resolve(use.name);
    if (target === undefined) {
      const near = suggest(use.name, scope.names());
      const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
      throw error(use.line, `unknown part '${use.name}'${hint}`);
    }
    if (target.kind === 'chip') {
      if (stack.includes(target.def)) {
        throw error(
          use.line,
          target.def === def
            ? `CHIP ${def.name} cannot contain itself`
            : `${def.name} uses ${use.name}, which uses ${def.name}: a chip cannot contain itself`,
        );
      }
      check(target.def, target.scope, stack);
    }
    return target;
  });
  stack.pop();

  /** The bits `ref` selects of something `width` wide, checked. */
  const range = (ref: Ref, width: number, what: string): [number, number] => {
    if (ref.from === undefined) return [0, width - 1];
    const last = ref.to ?? ref.from;
    if (last >= width) {
      const bits = width === 1 ? 'only bit 0' : `bits 0..${width - 1}`;
      throw error(ref.line, `${refText(ref)}: ${what} has ${bits}`);
    }
    return [ref.from, last];
  };

  // Pass 1: pins exist and are connected once; internal wires take the width of what they meet.
  const shapes = targets.map(shapeOf);
  def.parts.forEach((use, p) => {
    const shape = shapes[p];
    const connected = new Map<string, boolean[]>();
    for (const { pin: pinRef, wire: wireRef } of use.connections) {
      const pin = shape.find((s) => s.name === pinRef.name);
      if (pin === undefined) {
        throw error(
          pinRef.line,
          `${use.name} has no pin '${pinRef.name}' (its pins: ${pinList(shape)})`,
        );
      }
      const [from, to] = range(pinRef, pin.width, `pin ${pin.name} of ${use.name}`);
      const seen = connected.get(pin.name) ?? new Array<boolean>(pin.width).fill(false);
      connected.set(pin.name, seen);
      for (let b = from; b <= to; b++) {
        if (seen[b]) {
          throw error(
            pinRef.line,
            `pin '${bitName(pin.name, pin.width, b)}' of ${use.name} is connected twice`,
          );
        }
        seen[b] = true;
      }
      if (wireRef.name === 'true' || wireRef.name === 'false') {
        if (wireRef.from !== undefined) {
          throw error(wireRef.line, `${wireRef.name} is a constant: it has no bits to pick`);
        }
        if (pin.output) {
          throw error(
            wireRef.line,
            `${use.name}'s output ${pin.name} cannot be connected to ${wireRef.name}: outputs drive wires`,
          );
        }
        continue;
      }
      let wire = wires.get(wireRef.name);
      if (wire?.kind === 'input' && pin.output) {
        throw error(
          wireRef.line,
          `'${wireRef.name}' is an input of ${def.name}: ${use.name}'s output ${pin.name} cannot drive it`,
        );
      }
      if (wire === undefined) {
        wire = { name: wireRef.name, kind: 'internal', width: undefined, line: wireRef.line };
        wires.set(wire.name, wire);
      }
      if (wire.kind === 'internal' && wireRef.from === undefined) {
        const width = to - from + 1;
        if (wire.width === undefined) {
          wire.width = width;
          wire.line = wireRef.line;
        } else if (wire.width !== width) {
          throw error(
            wireRef.line,
            `wire '${wire.name}' has ${wires1(wire.width)} (line ${wire.line}), but ${refText(pinRef)} of ${use.name} has ${wires1(width)}`,
          );
        }
      }
    }
  });

  // Pass 2: every bit of every pin to a bit of a wire; one driver per wire unless all are switches.
  const drivers = new Map<string, { use: PartUse; shares: boolean }>();
  const readers = new Map<string, PartUse>();
  const parts: CheckedPart[] = def.parts.map((use, p) => {
    const target = targets[p];
    const shape = shapes[p];
    const bits = new Map(
      shape.map((s) => [s.name, new Array<BitRef | undefined>(s.width).fill(undefined)]),
    );
    for (const { pin: pinRef, wire: wireRef } of use.connections) {
      const pin = shape.find((s) => s.name === pinRef.name)!;
      const [from, to] = range(pinRef, pin.width, `pin ${pin.name} of ${use.name}`);
      const slot = bits.get(pin.name)!;
      if (wireRef.name === 'true' || wireRef.name === 'false') {
        for (let b = from; b <= to; b++)
          slot[b] = { constant: wireRef.name === 'true' ? HIGH : LOW };
        continue;
      }
      const wire = wires.get(wireRef.name)!;
      if (wire.width === undefined) {
        throw error(
          wireRef.line,
          `wire '${wire.name}' is only used bit by bit, so its width is unknown: connect it whole to a pin somewhere`,
        );
      }
      const [wireFrom, wireTo] = range(wireRef, wire.width, `wire '${wire.name}'`);
      if (wireTo - wireFrom !== to - from) {
        throw error(
          wireRef.line,
          `${refText(wireRef)} has ${wires1(wireTo - wireFrom + 1)}, but ${refText(pinRef)} of ${use.name} has ${wires1(to - from + 1)}`,
        );
      }
      const shares = target.kind === 'primitive' && target.primitive.shares;
      for (let k = 0; k <= to - from; k++) {
        const bit = wireFrom + k;
        slot[from + k] = { wire: wire.name, bit };
        const key = bitName(wire.name, wire.width, bit);
        if (!pin.output) {
          if (!readers.has(key)) readers.set(key, use);
          continue;
        }
        const first = drivers.get(key);
        if (first !== undefined && !(first.shares && shares)) {
          const why = first.shares || shares ? ' (only switches can share a wire)' : '';
          throw error(
            use.line,
            `wire '${key}' is driven twice: by ${first.use.name} on line ${first.use.line} and by ${use.name} here${why}`,
          );
        }
        drivers.set(key, { use, shares });
      }
    }
    for (const s of shape) {
      if (s.output) continue;
      const missing = bits.get(s.name)!.flatMap((b, k) => (b === undefined ? [k] : []));
      if (missing.length === s.width) {
        throw error(use.line, `input '${s.name}' of ${use.name} is not connected`);
      }
      if (missing.length > 0) {
        const names = missing.map((k) => `${s.name}[${k}]`).join(', ');
        throw error(
          use.line,
          `${names} of ${use.name} ${missing.length === 1 ? 'is' : 'are'} not connected`,
        );
      }
    }
    return { use, target, bits };
  });

  for (const pin of def.outputs) {
    for (let b = 0; b < pin.width; b++) {
      if (!drivers.has(bitName(pin.name, pin.width, b))) {
        const what = pin.width === 1 ? `output '${pin.name}'` : `output bit ${pin.name}[${b}]`;
        throw error(pin.line, `${what} of ${def.name} is not driven by any part`);
      }
    }
  }
  for (const [key, use] of readers) {
    const name = key.replace(/\[\d+\]$/, '');
    if (wires.get(name)!.kind === 'internal' && !drivers.has(key)) {
      throw error(use.line, `wire '${key}' is read by ${use.name} but no part drives it`);
    }
  }

  const result = { def, wires, parts };
  checked.set(def, result);
  return result;
}

class Builder {
  readonly netNames: string[] = [];
  readonly gates: Gate[] = [];
  readonly low = this.net('false');
  readonly high = this.net('true');

  net(name: string): number {
    this.netNames.push(name);
    return this.netNames.length - 1;
  }

  nets(prefix: string, name: string, width: number): number[] {
    return Array.from({ length: width }, (_, b) => this.net(prefix + bitName(name, width, b)));
  }

  /** Adds a chip's gates; its pins' nets are given, its wires get new ones. */
  add(chip: CheckedChip, pins: Map<string, number[]>, prefix: string, origin: Origin[]): void {
    const nets = new Map(pins);
    for (const wire of chip.wires.values()) {
      if (!nets.has(wire.name)) nets.set(wire.name, this.nets(prefix, wire.name, wire.width!));
    }
    const netOf = (ref: BitRef | undefined, fresh: () => number): number => {
      if (ref === undefined) return fresh();
      if ('constant' in ref) return ref.constant === HIGH ? this.high : this.low;
      return nets.get(ref.wire)![ref.bit];
    };
    const count = new Map<string, number>();
    for (const part of chip.parts) {
      const n = (count.get(part.use.name) ?? 0) + 1;
      count.set(part.use.name, n);
      const instance = `${prefix}${part.use.name}#${n}`;
      const { target } = part;
      const here = [
        ...origin,
        {
          part: part.use.name,
          file: chip.def.file,
          line: part.use.line,
          definedIn: target.kind === 'chip' ? target.def.file : null,
        },
      ];
      if (target.kind === 'primitive') {
        const p = target.primitive;
        this.gates.push({
          primitive: p,
          inputs: p.inputs.map((name) => netOf(part.bits.get(name)![0], () => this.low)),
          output: netOf(part.bits.get(p.output)![0], () => this.net(`${instance}.${p.output}`)),
          delay: 1,
          origin: here,
        });
        continue;
      }
      const sub = checked.get(target.def)!;
      const subPins = new Map<string, number[]>();
      for (const pin of [...target.def.inputs, ...target.def.outputs]) {
        subPins.set(
          pin.name,
          part.bits
            .get(pin.name)!
            .map((ref, b) =>
              netOf(ref, () => this.net(`${instance}/${bitName(pin.name, pin.width, b)}`)),
            ),
        );
      }
      this.add(sub, subPins, `${instance}/`, here);
    }
  }
}

/** Checks `def` and every chip it uses, and flattens it to gates. */
export function buildNetlist(def: ChipDef, scope: Scope): Netlist {
  const chip = check(def, scope, []);
  const builder = new Builder();
  const pins = new Map<string, number[]>();
  const declare = (p: { name: string; width: number }) => {
    const nets = builder.nets('', p.name, p.width);
    pins.set(p.name, nets);
    return { name: p.name, nets };
  };
  const inputs = def.inputs.map(declare);
  const outputs = def.outputs.map(declare);
  builder.add(chip, pins, '', []);
  return {
    chip: def,
    netNames: builder.netNames,
    gates: builder.gates,
    inputs,
    outputs,
    low: builder.low,
    high: builder.high,
  };
}

/** Builds the chip called `name` as seen from `scope`. */
export function buildChip(name: string, scope: Scope): Netlist {
  const found = scope.resolve(name);
  if (found?.kind !== 'chip') throw new Error(`no CHIP ${name} here`);
  return buildNetlist(found.def, found.scope);
}
