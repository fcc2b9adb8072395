/**
 * ARM semihosting (BKPT 0xAB in Thumb state): the firmware asks the host to print, read, tell
 * the time or end the program. Operation in R0, parameter block address in R1, result in R0
 * ("Semihosting for AArch32 and AArch64", ARM, version 2.0). The console (":tt") is the only
 * file: newlib's rdimon opens it three times for stdin, stdout and stderr.
 */
import type { Cpu } from '../cpu/cpu.ts';

export const SYS_OPEN = 0x01;
export const SYS_CLOSE = 0x02;
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_WRITE = 0x05;
export const SYS_READ = 0x06;
export const SYS_READC = 0x07;
export const SYS_ISERROR = 0x08;
export const SYS_ISTTY = 0x09;
export const SYS_SEEK = 0x0a;
export const SYS_FLEN = 0x0c;
export const SYS_CLOCK = 0x10;
export const SYS_TIME = 0x11;
export const SYS_ERRNO = 0x13;
export const SYS_GET_CMDLINE = 0x15;
export const SYS_HEAPINFO = 0x16;
export const SYS_EXIT = 0x18;
export const SYS_EXIT_EXTENDED = 0x20;
export const SYS_ELAPSED = 0x30;
export const SYS_TICKFREQ = 0x31;

/** SYS_EXIT reasons. */
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;
export const ADP_STOPPED_RUN_TIME_ERROR = 0x20023;

/**
 * The magic file that lists the extensions Loom supports (byte 4): SYS_EXIT_EXTENDED (bit 0)
 * and separate stdout and stderr handles from ":tt" opened for writing or appending (bit 1).
 */
const FEATURES_FILE = ':semihosting-features';
const FEATURES = new Uint8Array([0x53, 0x48, 0x46, 0x42, 0x03]);

/** An open handle: the console, or the features file with its read position. */
interface OpenFile {
  features: boolean;
  position: number;
}

const EBADF = 9;
const ENOENT = 2;
const ENOSYS = 88;

/** What semihosting needs from the machine. */
export interface SemihostingHost {
  /** Firmware output (stdout and stderr alike). */
  write(bytes: Uint8Array): void;
  /** Up to `max` bytes of console input, or an empty array when there is none. */
  read(max: number): Uint8Array;
  /** Emulated time since reset, in seconds. */
  elapsedSeconds(): number;
  /** The core's cycle counter (SYS_ELAPSED ticks) and its rate in Hz (SYS_TICKFREQ). */
  cycles(): number;
  hz(): number;
  /** The stack the firmware started with (SYS_HEAPINFO's stack base). */
  stackBase(): number;
  /** The command line SYS_GET_CMDLINE returns. */
  commandLine: string;
}

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

export class Semihosting {
  private errno = 0;
  /** Open handles (newlib opens ":tt" as 1 stdin, 2 stdout, 3 stderr). */
  private readonly open = new Map<number, OpenFile>();
  private nextHandle = 1;

  constructor(private readonly host: SemihostingHost) {}

  reset(): void {
    this.errno = 0;
    this.open.clear();
    this.nextHandle = 1;
  }

  /** Serves the call at a BKPT 0xAB; the result goes to R0. */
  call(cpu: Cpu): void {
    const op = cpu.regs[0];
    const block = cpu.regs[1];
    const bus = cpu.bus;
    const arg = (k: number) => bus.read32((block + 4 * k) >>> 0);
    const result = (value: number) => {
      cpu.regs[0] = value >>> 0;
    };
    switch (op) {
      case SYS_OPEN: {
        const name = this.string(cpu, arg(0), arg(2));
        if (name !== ':tt' && name !== FEATURES_FILE) {
          this.errno = ENOENT;
          return result(-1);
        }
        const handle = this.nextHandle++;
        this.open.set(handle, { features: name === FEATURES_FILE, position: 0 });
        return result(handle);
      }
      case SYS_CLOSE:
        if (!this.open.delete(arg(0))) {
          this.errno = EBADF;
          return result(-1);
        }
        return result(0);
      case SYS_WRITEC:
        this.host.write(new Uint8Array([bus.read8(block)]));
        return;
      case SYS_WRITE0: {
        const bytes: number[] = [];
        for (let a = block, c = bus.read8(a); c !== 0; c = bus.read8(++a)) bytes.push(c);
        this.host.write(new Uint8Array(bytes));
        return;
      }
      case SYS_WRITE: {
        const [handle, data, length] = [arg(0), arg(1), arg(2)];
        if (this.open.get(handle)?.features !== false) {
          this.errno = EBADF;
          return result(length);
        }
        this.host.write(this.bytes(cpu, data, length));
        return result(0);
      }
      case SYS_READ: {
        const [handle, data, length] = [arg(0), arg(1), arg(2)];
        const file = this.open.get(handle);
        if (file === undefined) {
          this.errno = EBADF;
          return result(-1);
        }
        const input = file.features
          ? FEATURES.slice(file.position, file.position + length)
          : this.host.read(length);
        file.position += input.length;
        for (let k = 0; k < input.length; k++) bus.write8(data + k, input[k]);
        // The number of bytes NOT read: all of them means end of file.
        return result(length - input.length);
      }
      case SYS_READC: {
        const input = this.host.read(1);
        return result(input.length === 0 ? -1 : input[0]);
      }
      case SYS_ISERROR:
        return result((arg(0) | 0) < 0 ? 1 : 0);
      case SYS_ISTTY:
        return result(this.open.get(arg(0))?.features === false ? 1 : 0);
      case SYS_SEEK: {
        const file = this.open.get(arg(0));
        if (file === undefined || !file.features) {
          this.errno = file === undefined ? EBADF : ENOSYS;
          return result(-1);
        }
        file.position = arg(1);
        return result(0);
      }
      case SYS_FLEN: {
        const file = this.open.get(arg(0));
        if (file === undefined) {
          this.errno = EBADF;
          return result(-1);
        }
        return result(file.features ? FEATURES.length : 0);
      }
      case SYS_CLOCK:
        return result(Math.floor(this.host.elapsedSeconds() * 100));
      case SYS_TIME:
        return result(Math.floor(Date.now() / 1000));
      case SYS_ERRNO:
        return result(this.errno);
      case SYS_GET_CMDLINE: {
        const [buffer, size] = [arg(0), arg(1)];
        const text = new TextEncoder().encode(this.host.commandLine);
        if (text.length + 1 > size) return result(-1);
        for (let k = 0; k < text.length; k++) bus.write8(buffer + k, text[k]);
        bus.write8(buffer + text.length, 0);
        bus.write32(block + 4, text.length);
        return result(0);
      }
      case SYS_HEAPINFO: {
        // Heap base and limit, stack base and limit; zero is "not known": newlib's crt0 then
        // puts the heap after `end` and keeps the stack the reset gave it.
        const at = arg(0);
        const info = [0, 0, this.host.stackBase(), 0];
        for (let k = 0; k < 4; k++) bus.write32(at + 4 * k, info[k]);
        return result(0);
      }
      case SYS_EXIT:
      case SYS_EXIT_EXTENDED: {
        // SYS_EXIT takes the reason in R1 itself (AArch32); SYS_EXIT_EXTENDED a block.
        const reason = op === SYS_EXIT ? block : arg(0);
        const subcode = op === SYS_EXIT ? 0 : arg(1);
        const code = reason === ADP_STOPPED_APPLICATION_EXIT ? subcode & 0xff : 1;
        const status =
          reason === ADP_STOPPED_APPLICATION_EXIT ? `status ${subcode}` : `reason ${hex(reason)}`;
        cpu.stop('exit', `the program exited (semihosting, ${status})`, code);
        return;
      }
      case SYS_ELAPSED: {
        const cycles = this.host.cycles();
        bus.write32(block, cycles >>> 0);
        bus.write32(block + 4, Math.floor(cycles / 2 ** 32) >>> 0);
        return result(0);
      }
      case SYS_TICKFREQ:
        return result(this.host.hz());
      default:
        this.errno = ENOSYS;
        cpu.nextPc = cpu.pc;
        cpu.stop(
          'fault',
          `semihosting operation ${hex(op)} at ${hex(cpu.pc)} is not supported by Loom`,
        );
    }
  }

  private bytes(cpu: Cpu, addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = cpu.bus.read8((addr + k) >>> 0);
    return out;
  }

  private string(cpu: Cpu, addr: number, length: number): string {
    return new TextDecoder().decode(this.bytes(cpu, addr, length));
  }
}
