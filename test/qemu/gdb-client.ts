/**
 * A small client for GDB's remote serial protocol (the subset QEMU's stub needs): packets with
 * checksums, no-ack mode once negotiated, and the stop replies that `c` and `s` wait for.
 */
import { Socket, connect } from 'node:net';

export class GdbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GdbError';
  }
}

function checksum(body: string): string {
  let sum = 0;
  for (let k = 0; k < body.length; k++) sum = (sum + body.charCodeAt(k)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

/** Escapes the four characters the protocol reserves inside a packet body. */
function escape(body: string): string {
  return body.replace(/[#$}*]/g, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

/** Undoes run-length encoding (`x*N`) and escapes in a reply. */
function unpack(body: string): string {
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (c === '}') out += String.fromCharCode(body.charCodeAt(++k) ^ 0x20);
    else if (c === '*') {
      const count = body.charCodeAt(++k) - 29;
      out += out[out.length - 1].repeat(count);
    } else out += c;
  }
  return out;
}

export class GdbClient {
  private buffer = '';
  private replies: string[] = [];
  private waiter: ((reply: string) => void) | null = null;
  private noAck = false;
  private closed: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('close', () => this.fail(new GdbError('the GDB stub closed the connection')));
    socket.on('error', (e) => this.fail(new GdbError(`GDB connection: ${e.message}`)));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<GdbClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => resolve(new GdbClient(socket)));
      socket.once('error', reject);
    });
  }

  private fail(e: Error): void {
    this.closed ??= e;
    this.waiter?.('');
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      // Acks and stray bytes before a packet start.
      const start = this.buffer.indexOf('$');
      if (start < 0) {
        this.buffer = '';
        return;
      }
      const end = this.buffer.indexOf('#', start);
      if (end < 0 || this.buffer.length < end + 3) {
        this.buffer = this.buffer.slice(start);
        return;
      }
      const body = this.buffer.slice(start + 1, end);
      const sum = this.buffer.slice(end + 1, end + 3);
      this.buffer = this.buffer.slice(end + 3);
      if (!this.noAck) this.socket.write(sum === checksum(body) ? '+' : '-');
      const reply = unpack(body);
      if (this.waiter !== null) {
        const w = this.waiter;
        this.waiter = null;
        w(reply);
      } else this.replies.push(reply);
    }
  }

  /** The next packet from the stub, or a GdbError after `timeoutMs` (0: wait forever). */
  next(timeoutMs = 0): Promise<string> {
    if (this.replies.length > 0) return Promise.resolve(this.replies.shift()!);
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.waiter = null;
              reject(new GdbError(`no reply from the GDB stub in ${timeoutMs} ms`));
            }, timeoutMs)
          : null;
      this.waiter = (reply) => {
        if (timer) clearTimeout(timer);
        if (this.closed) reject(this.closed);
        else resolve(reply);
      };
    });
  }

  send(body: string): void {
    if (this.closed) throw this.closed;
    const escaped = escape(body);
    this.socket.write(`$${escaped}#${checksum(escaped)}`);
  }

  /** Sends a packet and returns the stub's reply; 'E..' replies throw. */
  async request(body: string, timeoutMs = 5000): Promise<string> {
    this.send(body);
    const reply = await this.next(timeoutMs);
    if (/^E[0-9a-fA-F]{2}$/.test(reply))
      throw new GdbError(`'${body.slice(0, 40)}' failed: ${reply}`);
    return reply;
  }

  /** Asks the stub to stop (as Ctrl-C does); its stop reply follows. */
  interrupt(): void {
    if (!this.closed) this.socket.write('\x03');
  }

  async startNoAckMode(): Promise<void> {
    const reply = await this.request('QStartNoAckMode');
    if (reply === 'OK') this.noAck = true;
  }

  /** Reads a qXfer object (e.g. features/target.xml) in chunks. */
  async readXfer(object: string, annex: string): Promise<string> {
    let text = '';
    for (;;) {
      const reply = await this.request(
        `qXfer:${object}:read:${annex}:${text.length.toString(16)},800`,
      );
      if (reply[0] !== 'm' && reply[0] !== 'l') throw new GdbError(`qXfer ${annex}: '${reply}'`);
      text += reply.slice(1);
      if (reply[0] === 'l') return text;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
