/**
 * Intel HEX: data (00), end of file (01), extended segment address (02), start segment address
 * (03, x86's CS:IP, ignored), extended linear address (04) and start linear address (05) records,
 * each checksummed. Errors name the line.
 */
import { LoaderError } from './error.ts';

export interface HexSegment {
  address: number;
  data: Uint8Array;
}

export interface HexImage {
  /** Contiguous runs of data, in file order. */
  segments: HexSegment[];
  /** From a start linear address record, if the file has one. */
  entry?: number;
}

const hex2 = (v: number) => '0x' + v.toString(16).toUpperCase().padStart(2, '0');

/** Decodes one record's bytes (after the ':'), checking its shape and checksum. */
function recordBytes(line: string, fail: (why: string) => never): Uint8Array {
  const digits = line.slice(1);
  if (!/^[0-9A-Fa-f]*$/.test(digits))
    fail('a record holds only hexadecimal digits after the colon');
  if (digits.length % 2 !== 0) fail('a record has an even number of hexadecimal digits');
  if (digits.length < 10) fail('a record has at least 11 characters (:LLAAAATTCC)');
  const bytes = new Uint8Array(digits.length / 2);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(digits.slice(2 * k, 2 * k + 2), 16);
  const count = bytes[0];
  if (bytes.length !== count + 5) {
    fail(`the record announces ${count} data bytes but holds ${bytes.length - 5}`);
  }
  let sum = 0;
  for (let k = 0; k < bytes.length - 1; k++) sum += bytes[k];
  const expected = -sum & 0xff;
  const found = bytes[bytes.length - 1];
  if (found !== expected) fail(`checksum ${hex2(found)} is wrong: it should be ${hex2(expected)}`);
  return bytes;
}

export function parseIntelHex(text: string, name: string): HexImage {
  const segments: HexSegment[] = [];
  let run: { address: number; bytes: number[] } | null = null;
  const flush = () => {
    if (run !== null && run.bytes.length > 0) {
      segments.push({ address: run.address >>> 0, data: Uint8Array.from(run.bytes) });
    }
    run = null;
  };
  let base = 0;
  let entry: number | undefined;
  let ended = false;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length && !ended; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const fail = (why: string): never => {
      throw new LoaderError(`${name} line ${n + 1}: ${why}`);
    };
    if (line[0] !== ':') fail("a record starts with ':'");
    const b = recordBytes(line, fail);
    const [count, offset, type] = [b[0], (b[1] << 8) | b[2], b[3]];
    const data = b.subarray(4, 4 + count);
    const word16 = () =>
      count === 2 ? (data[0] << 8) | data[1] : fail('this record holds 2 bytes');
    switch (type) {
      case 0: {
        const address = (base + offset) >>> 0;
        if (run === null || run.address + run.bytes.length !== address) {
          flush();
          run = { address, bytes: [] };
        }
        for (const byte of data) run!.bytes.push(byte);
        break;
      }
      case 1:
        ended = true;
        break;
      case 2:
        base = word16() << 4;
        break;
      case 3:
        break;
      case 4:
        base = (word16() << 16) >>> 0;
        break;
      case 5:
        if (count !== 4) fail('a start linear address record holds 4 bytes');
        entry = ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
        break;
      default:
        fail(`unknown record type ${hex2(type)}`);
    }
  }
  if (!ended) {
    throw new LoaderError(
      `${name}: no end-of-file record (:00000001FF), so the file may be truncated`,
    );
  }
  flush();
  return entry === undefined ? { segments } : { segments, entry };
}
