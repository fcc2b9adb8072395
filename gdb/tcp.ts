/**
 * The GDB server on a TCP port (node:net): one debugger at a time; while one is attached, others
 * are turned away; when it leaves, the next may connect. The only file of gdb/ that uses Node.
 */
import { createServer, type Server, type Socket } from 'node:net';

import { GdbConnection, type ConnectionOptions } from './connection.ts';
import type { GdbTarget } from './target.ts';

export interface TcpServerOptions extends ConnectionOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Connections and disconnections, for the user. */
  info?: (text: string) => void;
  /** A debugger attached: a board's core halts when a debugger attaches (the UI pauses). */
  onAttach?: () => void;
}

export class GdbTcpServer {
  private readonly server: Server;
  private active: { socket: Socket; connection: GdbConnection } | null = null;

  constructor(
    private readonly target: GdbTarget,
    private readonly options: TcpServerOptions,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the address and port it listens on. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve({ host: this.options.host, port });
      });
    });
  }

  close(): Promise<void> {
    this.active?.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (this.active !== null) {
      this.options.info?.(`loom gdb: ${peer} turned away: a debugger is already attached\n`);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new GdbConnection(
      this.target,
      (bytes) => void socket.write(bytes),
      this.options,
    );
    this.active = { socket, connection };
    this.options.onAttach?.();
    this.options.info?.(`loom gdb: debugger attached from ${peer}\n`);
    socket.on('data', (data: Uint8Array) => connection.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.close();
      if (this.active?.socket === socket) this.active = null;
      this.options.info?.(`loom gdb: debugger at ${peer} left\n`);
    });
  }
}
