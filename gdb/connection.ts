/**
 * One debugger's session: the packet framing and the protocol joined, over any transport that
 * carries bytes both ways (tcp.ts for TCP; a WebSocket would do as well).
 */
import { PacketFramer } from './framing.ts';
import { GdbProtocol, PACKET_SIZE } from './protocol.ts';
import type { GdbTarget } from './target.ts';

export interface ConnectionOptions {
  /** Every packet in (`<-`) and out (`->`), for `loom gdb --verbose`. */
  trace?: (line: string) => void;
  /** Broken packets and other problems worth a line in the log. */
  log?: (text: string) => void;
}

export class GdbConnection {
  private readonly framer: PacketFramer;
  private readonly protocol: GdbProtocol;
  private closed = false;

  constructor(
    target: GdbTarget,
    send: (bytes: Uint8Array) => void,
    options: ConnectionOptions = {},
  ) {
    const trace = options.trace;
    this.framer = new PacketFramer(
      (bytes) => {
        if (!this.closed) send(bytes);
      },
      {
        packet: (body) => {
          trace?.(`<- ${body}`);
          this.protocol.handle(body);
          // The reply to QStartNoAckMode went out with acks; nothing after it has any.
          if (body === 'QStartNoAckMode') this.framer.noAck = true;
        },
        interrupt: () => {
          trace?.('<- Ctrl-C');
          this.protocol.interrupt();
        },
        problem: (why) => options.log?.(`loom gdb: ${why}\n`),
      },
      PACKET_SIZE,
    );
    this.protocol = new GdbProtocol(target, (body, binary) => {
      trace?.(`-> ${body}`);
      this.framer.sendPacket(body, binary);
    });
  }

  /** Bytes from the debugger. */
  receive(bytes: Uint8Array): void {
    if (!this.closed) this.framer.receive(bytes);
  }

  /** The transport closed: the debugger is gone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.protocol.disconnected();
  }
}
