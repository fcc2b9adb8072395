/**
 * The remote serial protocol's commands (GDB manual, "Remote Protocol": "Packets", "Stop Reply
 * Packets", "General Query Packets"), for one core seen as one thread, against a GdbTarget. Pure:
 * packet bodies in, reply bodies out through `send`; framing.ts and the transport do the rest.
 *
 * Errors are `Enn` replies and commands this stub does not know get the empty reply, as the
 * protocol asks; nothing a debugger sends can throw out of `handle`.
 */
import { G_PACKET_BYTES, REGISTERS, registerByNumber, targetXml } from './registers.ts';
import {
  SIGTRAP,
  type BreakpointKind,
  type GdbTarget,
  type StopEvent,
  type WatchKind,
} from './target.ts';

/** The largest packet body accepted: what qSupported announces. */
export const PACKET_SIZE = 0x4000;

/** The one thread: the core. */
const THREAD = 1;

export type Send = (body: string, binary?: boolean) => void;

const hexByte = (n: number) => n.toString(16).padStart(2, '0');

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += hexByte(b);
  return out;
}

/** Hex digits to bytes; null if the text is not an even number of hex digits. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(text.substr(2 * k, 2), 16);
  return bytes;
}

const textHex = (text: string) => toHex(new TextEncoder().encode(text));

/** A hex number of at most 8 digits (an address or a length), or null. */
function parseHex32(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9a-fA-F]{1,8}$/.test(text)) return null;
  return parseInt(text, 16);
}

/** A little-endian 32-bit value as GDB sends register values. */
function le32(value: number): string {
  return toHex(new Uint8Array(new Uint32Array([value >>> 0]).buffer));
}

const E_ARGUMENTS = 'E01';
const E_MEMORY = 'E14';
const E_REGISTER = 'E45';

const WATCH_KINDS: Record<string, WatchKind> = { '2': 'write', '3': 'read', '4': 'access' };
const BREAK_KINDS: Record<string, BreakpointKind> = { '0': 'software', '1': 'hardware' };
const WATCH_REASON: Record<WatchKind, string> = {
  write: 'watch',
  read: 'rwatch',
  access: 'awatch',
};

export class GdbProtocol {
  private readonly xml = targetXml();
  /** A resume is under way: its stop reply is still owed. */
  private waiting = false;

  constructor(
    private readonly target: GdbTarget,
    private readonly send: Send,
  ) {
    // A debugger attaching finds the core halted (it may have run on since the last one left).
    if (target.running) target.interrupt();
  }

  /** One packet from the debugger. */
  handle(packet: string): void {
    let reply: string | null;
    try {
      reply = this.dispatch(packet);
    } catch (e) {
      // A bug in Loom must not end the session: the debugger sees an error reply, its text
      // kept to what a packet may carry.
      reply = `E.${String((e as Error).message).replace(/[^ -~]|[$#}*]/g, '?')}`;
    }
    if (reply !== null) this.send(reply, packet.startsWith('qXfer:'));
  }

  /** Ctrl-C: a running target stops and its stop reply says SIGINT. */
  interrupt(): void {
    if (this.target.running) this.target.interrupt();
  }

  /** The connection is gone: the debugger's breakpoints go, the core runs on (as on QEMU). */
  disconnected(): void {
    this.waiting = false;
    this.target.detach();
  }

  /** The reply for a packet, or null when it comes later (a stop reply) or never. */
  private dispatch(packet: string): string | null {
    const command = packet[0];
    const args = packet.slice(1);
    switch (command) {
      case '?':
        return this.stopReply(this.target.lastStop());
      case 'q':
        return this.query(packet);
      case 'Q':
        // QStartNoAckMode is the transport's business (it switches after this reply).
        return packet === 'QStartNoAckMode' ? 'OK' : '';
      case 'H':
        // Hg/Hc select a thread for what follows: there is one.
        return /^[gc](-1|0|1|p1\.(-1|0|1))$/.test(args) ? 'OK' : E_ARGUMENTS;
      case 'T':
        return /^(1|p1\.1)$/.test(args) ? 'OK' : E_ARGUMENTS;
      case 'g':
        return this.readAllRegisters();
      case 'G':
        return this.writeAllRegisters(args);
      case 'p':
        return this.readOneRegister(args);
      case 'P':
        return this.writeOneRegister(args);
      case 'm':
        return this.readMemory(args);
      case 'M':
        return this.writeMemory(args, false);
      case 'X':
        return this.writeMemory(args, true);
      case 'c':
      case 's':
        // An address to resume at (`c ADDR`) is allowed but not used by GDB: set the PC first.
        if (args !== '' && !this.setPc(args)) return E_ARGUMENTS;
        return this.resume(command === 'c' ? 'continue' : 'step');
      case 'C':
      case 'S': {
        // Resume with a signal: a bare-metal core has no signals to deliver.
        const [, at] = args.split(';');
        if (at !== undefined && !this.setPc(at)) return E_ARGUMENTS;
        return this.resume(command === 'C' ? 'continue' : 'step');
      }
      case 'v':
        return this.vPacket(packet);
      case 'Z':
      case 'z':
        return this.breakOrWatch(command === 'Z', args);
      case 'D':
        // A stop reply still owed is not sent any more: the debugger is leaving.
        this.waiting = false;
        this.target.detach();
        return 'OK';
      case 'k':
        // No reply (the debugger closes the connection).
        this.waiting = false;
        this.target.kill();
        return null;
      default:
        return '';
    }
  }

  // --- Queries ------------------------------------------------------------------------------

  private query(packet: string): string {
    const [name] = packet.split(/[:,]/, 1);
    switch (name) {
      case 'qSupported':
        return [
          `PacketSize=${PACKET_SIZE.toString(16)}`,
          'qXfer:features:read+',
          'QStartNoAckMode+',
          'vContSupported+',
          'swbreak+',
          'hwbreak+',
        ].join(';');
      case 'qXfer':
        return this.xfer(packet);
      case 'qAttached':
        // The debugger attached to a program that was already there (detach, not kill, on quit).
        return '1';
      case 'qC':
        return `QC${THREAD}`;
      case 'qfThreadInfo':
        return `m${THREAD}`;
      case 'qsThreadInfo':
        return 'l';
      case 'qThreadExtraInfo':
        return textHex('Cortex-M7');
      case 'qSymbol':
        return 'OK';
      case 'qRcmd':
        return this.monitor(packet.slice('qRcmd,'.length));
      default:
        return '';
    }
  }

  /** qXfer:features:read:target.xml:OFFSET,LENGTH (the target description, in pieces). */
  private xfer(packet: string): string {
    const m = /^qXfer:features:read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(packet);
    if (m === null) return packet.startsWith('qXfer:features:read:') ? E_ARGUMENTS : '';
    if (m[1] !== 'target.xml') return 'E00';
    const offset = parseInt(m[2], 16);
    const length = parseInt(m[3], 16);
    const piece = this.xml.slice(offset, offset + length);
    return (offset + length >= this.xml.length ? 'l' : 'm') + piece;
  }

  private monitor(hexCommand: string): string {
    const bytes = fromHex(hexCommand);
    if (bytes === null) return E_ARGUMENTS;
    const output = this.target.monitor(new TextDecoder().decode(bytes).trim());
    return textHex(output.endsWith('\n') || output === '' ? output : output + '\n');
  }

  // --- Registers ----------------------------------------------------------------------------

  private readAllRegisters(): string {
    let out = '';
    for (const r of REGISTERS) out += toHex(this.target.readRegister(r.name)!);
    return out;
  }

  private writeAllRegisters(hex: string): string {
    const bytes = fromHex(hex);
    if (bytes === null || bytes.length !== G_PACKET_BYTES) return E_ARGUMENTS;
    let at = 0;
    for (const r of REGISTERS) {
      this.target.writeRegister(r.name, bytes.subarray(at, at + r.bytes));
      at += r.bytes;
    }
    return 'OK';
  }

  private readOneRegister(args: string): string {
    const n = parseHex32(args);
    const spec = n === null ? undefined : registerByNumber(n);
    if (spec === undefined) return E_REGISTER;
    return toHex(this.target.readRegister(spec.name)!);
  }

  private writeOneRegister(args: string): string {
    const [number, value] = args.split('=');
    const n = parseHex32(number);
    const spec = n === null ? undefined : registerByNumber(n);
    const bytes = value === undefined ? null : fromHex(value);
    if (spec === undefined) return E_REGISTER;
    if (bytes === null || bytes.length !== spec.bytes) return E_ARGUMENTS;
    return this.target.writeRegister(spec.name, bytes) ? 'OK' : E_REGISTER;
  }

  private setPc(hexAddress: string): boolean {
    const address = parseHex32(hexAddress);
    if (address === null) return false;
    return this.target.writeRegister('pc', fromHex(le32(address))!);
  }

  // --- Memory -------------------------------------------------------------------------------

  /** m ADDR,LENGTH: as many bytes as can be read from ADDR on, an error if none. */
  private readMemory(args: string): string {
    const [a, l] = args.split(',');
    const address = parseHex32(a);
    const length = parseHex32(l);
    if (address === null || length === null) return E_ARGUMENTS;
    // Two hex digits a byte must fit in a reply.
    const bytes = this.target.readMemory(address, Math.min(length, PACKET_SIZE / 2));
    return bytes.length === 0 && length > 0 ? E_MEMORY : toHex(bytes);
  }

  /** M ADDR,LENGTH:HEX or X ADDR,LENGTH:BINARY. */
  private writeMemory(args: string, binary: boolean): string {
    const colon = args.indexOf(':');
    if (colon < 0) return E_ARGUMENTS;
    const [a, l] = args.slice(0, colon).split(',');
    const address = parseHex32(a);
    const length = parseHex32(l);
    if (address === null || length === null) return E_ARGUMENTS;
    const payload = args.slice(colon + 1);
    const data = binary ? Uint8Array.from(payload, (c) => c.charCodeAt(0)) : fromHex(payload);
    if (data === null || data.length !== length) return E_ARGUMENTS;
    if (length === 0) return 'OK';
    return this.target.writeMemory(address, data) ? 'OK' : E_MEMORY;
  }

  // --- Running ------------------------------------------------------------------------------

  private resume(mode: 'continue' | 'step'): null {
    if (this.target.running) return null;
    this.waiting = true;
    this.target.resume(mode, (stop) => {
      if (!this.waiting) return;
      this.waiting = false;
      this.send(this.stopReply(stop));
    });
    return null;
  }

  private vPacket(packet: string): string | null {
    if (packet === 'vCont?') return 'vCont;c;C;s;S;t';
    if (packet.startsWith('vCont;')) return this.vCont(packet.slice('vCont;'.length));
    if (packet.startsWith('vKill')) {
      this.waiting = false;
      this.target.kill();
      return 'OK';
    }
    // vMustReplyEmpty, vFile, vRun...: not here.
    return '';
  }

  /**
   * vCont;ACTION[:THREAD];...: the first action that names this thread (or none) applies.
   * c/C continue, s/S step, t stops (all-stop: as Ctrl-C does, the stop reply follows).
   */
  private vCont(actions: string): string | null {
    for (const item of actions.split(';')) {
      const [action, thread] = item.split(':');
      if (thread !== undefined && !/^(-1|0|1|p1\.(-1|0|1)|p-1\.-1)$/.test(thread)) continue;
      switch (action[0]) {
        case 'c':
        case 'C':
          return this.resume('continue');
        case 's':
        case 'S':
          return this.resume('step');
        case 't':
          if (this.target.running) {
            this.target.interrupt();
            return null;
          }
          return this.stopReply({ kind: 'signal', signal: 0 });
        default:
          return E_ARGUMENTS;
      }
    }
    return E_ARGUMENTS;
  }

  // --- Breakpoints and watchpoints ----------------------------------------------------------

  /** Z/z TYPE,ADDR,KIND (KIND: the breakpoint's size, or the watched length). */
  private breakOrWatch(insert: boolean, args: string): string {
    const [type, a, k] = args.split(',');
    const address = parseHex32(a);
    const kind = parseHex32(k?.split(';')[0]);
    if (address === null || kind === null) return E_ARGUMENTS;
    const breakKind = BREAK_KINDS[type];
    if (breakKind !== undefined) {
      const ok = insert
        ? this.target.addBreakpoint(breakKind, address)
        : this.target.removeBreakpoint(breakKind, address);
      return ok ? 'OK' : E_MEMORY;
    }
    const watchKind = WATCH_KINDS[type];
    if (watchKind === undefined) return '';
    if (kind === 0) return E_ARGUMENTS;
    const ok = insert
      ? this.target.addWatchpoint(watchKind, address, kind)
      : this.target.removeWatchpoint(watchKind, address, kind);
    return ok ? 'OK' : E_MEMORY;
  }

  // --- Stop replies -------------------------------------------------------------------------

  /** T packets carry the PC, SP and LR so that GDB need not ask for them. */
  private stopReply(stop: StopEvent): string {
    if (stop.kind === 'exited') return `W${hexByte(stop.code & 0xff)}`;
    let reply = `T${hexByte(stop.signal)}`;
    for (const r of [15, 13, 14]) {
      reply += `${hexByte(r)}:${toHex(this.target.readRegister(registerByNumber(r)!.name)!)};`;
    }
    reply += `thread:${THREAD};`;
    const reason = stop.signal === SIGTRAP ? stop.reason : undefined;
    if (reason?.kind === 'watch') {
      reply += `${WATCH_REASON[reason.watch]}:${(reason.address >>> 0).toString(16)};`;
    } else if (reason !== undefined) {
      reply += `${reason.kind}:;`;
    }
    return reply;
  }
}
