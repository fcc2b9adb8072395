/**
 * The remote serial protocol's packet layer (GDB manual, "Overview" and "Packet Acknowledgment"
 * in "Remote Protocol"): `$body#cs` with a two-digit checksum (the sum of the body's bytes mod
 * 256), `+`/`-` acknowledgments until QStartNoAckMode, `}` escapes (byte ^ 0x20) for binary data,
 * run-length encoding (`c*n`) in replies, and Ctrl-C (0x03) between packets as an interrupt.
 * Bytes in, packets out; no sockets here, so a WebSocket can carry it as well as TCP.
 */

/** Packet bodies are byte strings: one char per byte (latin1). */
export function bytesToText(bytes: Uint8Array): string {
  let text = '';
  for (let k = 0; k < bytes.length; k += 0x2000) {
    text += String.fromCharCode(...bytes.subarray(k, k + 0x2000));
  }
  return text;
}

export function textToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

export function checksum(body: string): number {
  let sum = 0;
  for (let k = 0; k < body.length; k++) sum = (sum + body.charCodeAt(k)) & 0xff;
  return sum;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** The four characters that a packet's binary data must escape. */
const RESERVED = /[$#}*]/g;

export function escapeBinary(body: string): string {
  return body.replace(RESERVED, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

export function unescapeBinary(body: string): string {
  if (!body.includes('}')) return body;
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    out += c === '}' && k + 1 < body.length ? String.fromCharCode(body.charCodeAt(++k) ^ 0x20) : c;
  }
  return out;
}

/**
 * Run-length encoding: `c*n` stands for c and n - 29 more copies of it. Counts whose character
 * would be `#` or `$` (6 and 7 more) are not allowed, nor any above 126 - 29.
 */
export function runLengthEncode(body: string): string {
  let out = '';
  for (let k = 0; k < body.length;) {
    const c = body[k];
    let run = 1;
    while (k + run < body.length && body[k + run] === c) run++;
    k += run;
    out += c;
    let more = run - 1;
    while (more > 0) {
      if (more < 3) {
        out += c.repeat(more);
        break;
      }
      let n = Math.min(more, 126 - 29);
      if (n === 6 || n === 7) n = 5;
      out += '*' + String.fromCharCode(29 + n);
      more -= n;
      if (more > 0) {
        out += c;
        more--;
      }
    }
  }
  return out;
}

export interface FramerEvents {
  /** A packet whose checksum was right, escapes undone. */
  packet(body: string): void;
  /** Ctrl-C between packets. */
  interrupt(): void;
  /** Something broken arrived (bad checksum, a packet too long): for the log. */
  problem?(why: string): void;
}

const enum State {
  Idle,
  Body,
  Checksum1,
  Checksum2,
}

const DOLLAR = 0x24;
const HASH = 0x23;
const MINUS = 0x2d;
const CTRL_C = 0x03;

const hexValue = (b: number): number =>
  b >= 0x30 && b <= 0x39
    ? b - 0x30
    : b >= 0x61 && b <= 0x66
      ? b - 0x57
      : b >= 0x41 && b <= 0x46
        ? b - 0x37
        : -1;

export class PacketFramer {
  /** After QStartNoAckMode: no `+`/`-` either way. */
  noAck = false;
  private state = State.Idle;
  private body: Uint8Array;
  private length = 0;
  private overflow = false;
  private sum = 0;
  private received = 0;
  /** The last packet sent, for a `-` asking for it again. */
  private last: Uint8Array | null = null;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly events: FramerEvents,
    /** The longest body accepted (what qSupported announces as PacketSize). */
    readonly maxBody: number,
  ) {
    this.body = new Uint8Array(maxBody);
  }

  receive(data: Uint8Array): void {
    for (let k = 0; k < data.length; k++) {
      const b = data[k];
      switch (this.state) {
        case State.Idle:
          if (b === DOLLAR) this.start();
          else if (b === CTRL_C) this.events.interrupt();
          else if (b === MINUS && !this.noAck && this.last !== null) this.send(this.last);
          // `+` and anything else between packets: nothing to do.
          break;
        case State.Body:
          if (b === HASH) this.state = State.Checksum1;
          else if (b === DOLLAR) {
            this.events.problem?.('a packet started inside another: the first one is dropped');
            this.start();
          } else if (this.length < this.body.length) {
            this.body[this.length++] = b;
            this.sum = (this.sum + b) & 0xff;
          } else this.overflow = true;
          break;
        case State.Checksum1:
        case State.Checksum2: {
          const v = hexValue(b);
          this.received = (this.received << 4) | (v < 0 ? 0x100 : v);
          if (this.state === State.Checksum1) this.state = State.Checksum2;
          else this.end();
          break;
        }
      }
    }
  }

  private start(): void {
    this.state = State.Body;
    this.length = 0;
    this.sum = 0;
    this.received = 0;
    this.overflow = false;
  }

  private end(): void {
    this.state = State.Idle;
    if (this.overflow) {
      this.events.problem?.(`a packet longer than ${this.maxBody} bytes was dropped`);
      if (!this.noAck) this.send(textToBytes('-'));
      return;
    }
    if (this.received !== this.sum) {
      this.events.problem?.('a packet with a bad checksum was dropped');
      if (!this.noAck) this.send(textToBytes('-'));
      return;
    }
    if (!this.noAck) this.send(textToBytes('+'));
    this.events.packet(unescapeBinary(bytesToText(this.body.subarray(0, this.length))));
  }

  /** Sends a reply: binary data escaped, anything else run-length encoded. */
  sendPacket(body: string, binary = false): void {
    const wire = binary ? escapeBinary(body) : runLengthEncode(body);
    const bytes = textToBytes(`$${wire}#${hex2(checksum(wire))}`);
    this.last = bytes;
    this.send(bytes);
  }
}
