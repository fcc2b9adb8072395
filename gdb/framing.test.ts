/**
 * The packet layer against the GDB manual ("Remote Protocol": "Overview", "Packet
 * Acknowledgment", "Binary Data", "Interrupts"): checksums, acks, escapes, run-length encoding.
 */
import { describe, expect, it } from 'vitest';

import {
  PacketFramer,
  bytesToText,
  checksum,
  escapeBinary,
  runLengthEncode,
  textToBytes,
  unescapeBinary,
} from './framing.ts';

function framer(maxBody = 64) {
  const sent: string[] = [];
  const packets: string[] = [];
  const problems: string[] = [];
  let interrupts = 0;
  const f = new PacketFramer(
    (bytes) => sent.push(bytesToText(bytes)),
    {
      packet: (body) => packets.push(body),
      interrupt: () => interrupts++,
      problem: (why) => problems.push(why),
    },
    maxBody,
  );
  const feed = (text: string) => f.receive(textToBytes(text));
  return { f, sent, packets, problems, feed, interrupts: () => interrupts };
}

/** Run-length decoding as the manual defines it: `c*n` is c and then n - 29 more c. */
function runLengthDecode(wire: string): string {
  let out = '';
  for (let k = 0; k < wire.length; k++) {
    if (wire[k] === '*') out += out[out.length - 1].repeat(wire.charCodeAt(++k) - 29);
    else out += wire[k];
  }
  return out;
}

describe('checksums', () => {
  it('are the sum of the body bytes modulo 256, two lower-case hex digits', () => {
    // 'O' + 'K' = 0x4f + 0x4b = 0x9a; 'g' = 0x67.
    expect(checksum('OK')).toBe(0x9a);
    const { f, sent } = framer();
    f.sendPacket('OK');
    f.sendPacket('');
    expect(sent).toEqual(['$OK#9a', '$#00']);
  });

  it('a good packet is acknowledged with + and delivered; a bad one gets - and is dropped', () => {
    const { sent, packets, problems, feed } = framer();
    feed('$g#67');
    feed('$g#68');
    feed('$g#zz');
    expect(packets).toEqual(['g']);
    expect(sent).toEqual(['+', '-', '-']);
    expect(problems).toHaveLength(2);
  });

  it('accepts upper-case checksum digits and packets split anywhere', () => {
    const { packets, feed } = framer();
    // 'm' 2 0 0 0 0 0 0 0 , 4 = 0x6d + 0x32 + 7 * 0x30 + 0x2c + 0x34 = 0x24f -> 4f
    for (const piece of ['$m2000', '0000,', '4#4', 'F']) feed(piece);
    expect(packets).toEqual(['m20000000,4']);
  });
});

describe('acknowledgments', () => {
  it('a - from the debugger asks for the last packet again', () => {
    const { f, sent, feed } = framer();
    f.sendPacket('S05');
    feed('-');
    expect(sent).toEqual(['$S05#b8', '$S05#b8']);
    feed('+');
    expect(sent).toHaveLength(2);
  });

  it('in no-ack mode nothing is acknowledged and bad packets are dropped silently', () => {
    const { f, sent, packets, feed } = framer();
    f.noAck = true;
    feed('$g#67$g#00-');
    expect(packets).toEqual(['g']);
    expect(sent).toEqual([]);
  });
});

describe('interrupts and broken input', () => {
  it('Ctrl-C between packets interrupts; inside a packet it is data', () => {
    const t = framer();
    t.feed('\x03');
    expect(t.interrupts()).toBe(1);
    const body = 'X20000000,1:\x03';
    t.feed(`$${body}#${checksum(body).toString(16).padStart(2, '0')}`);
    expect(t.interrupts()).toBe(1);
    expect(t.packets).toEqual([body]);
  });

  it('skips bytes outside packets and restarts at a $ inside one', () => {
    const { packets, problems, feed } = framer();
    feed('garbage+$qSupp$g#67');
    expect(packets).toEqual(['g']);
    expect(problems).toHaveLength(1);
  });

  it('drops a packet longer than the announced size, with a -', () => {
    const { sent, packets, feed } = framer(8);
    const body = 'M20000000,4:00000000';
    feed(`$${body}#${checksum(body).toString(16)}`);
    feed('$g#67');
    expect(packets).toEqual(['g']);
    expect(sent).toEqual(['-', '+']);
  });
});

describe('binary data', () => {
  it('escapes $ # } * as } and the byte xor 0x20, and undoes it', () => {
    expect(escapeBinary('a$#}*b')).toBe('a}\x04}\x03}]}\nb');
    expect(unescapeBinary('a}\x04}\x03}]}\nb')).toBe('a$#}*b');
    const all = bytesToText(Uint8Array.from({ length: 256 }, (_, k) => k));
    expect(unescapeBinary(escapeBinary(all))).toBe(all);
  });

  it('delivers an X packet with its escaped bytes restored; the checksum covers the escapes', () => {
    const { packets, feed } = framer();
    const wire = 'X0,2:}]}\x03';
    feed(`$${wire}#${checksum(wire).toString(16).padStart(2, '0')}`);
    expect(packets).toEqual(['X0,2:}#']);
  });

  it('sends a binary reply escaped', () => {
    const { f, sent } = framer();
    f.sendPacket('l<a>#</a>', true);
    expect(sent[0]).toBe(`$l<a>}\x03</a>#${checksum('l<a>}\x03</a>').toString(16)}`);
  });
});

describe('run-length encoding of replies', () => {
  it("is the manual's example: 0* stands for 0000", () => {
    expect(runLengthEncode('0000')).toBe('0* ');
    expect(runLengthDecode('0* ')).toBe('0000');
  });

  it('never writes a count that would read as # or $, nor one past ~', () => {
    for (let n = 1; n < 300; n++) {
      const text = 'a' + '0'.repeat(n) + 'b';
      const wire = runLengthEncode(text);
      expect(runLengthDecode(wire)).toBe(text);
      for (let k = 0; k < wire.length; k++) {
        if (wire[k] === '*') expect(wire[k + 1]).toMatch(/[^#$]/);
        expect(wire.charCodeAt(k)).toBeLessThanOrEqual(126);
      }
    }
  });

  it('leaves short runs alone', () => {
    expect(runLengthEncode('OK')).toBe('OK');
    expect(runLengthEncode('T05thread:1;')).toBe('T05thread:1;');
  });
});
