import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import { hex, inline, loadJs, R, reg, setR, storeJs, type Site } from '../inline.ts';
import type { Insn } from '../insn.ts';

/**
 * Loads and stores (ARMv7-M ARM A5.2.4, A5.3.5 to A5.3.10; A7.7): single registers in every
 * addressing form (immediate, pre/post-indexed, literal, register), the unprivileged T forms,
 * doublewords, multiples with PUSH and POP, the exclusives with CLREX, and the PLD/PLI hints.
 *
 * MemU (LDR, LDRH, STR, STRH... and their T forms) allows unaligned addresses unless
 * CCR.UNALIGN_TRP; MemA (LDM, STM, PUSH, POP, LDRD, STRD, the exclusives) never does.
 */

// --- Addressing ----------------------------------------------------------------------------

/** offset_addr of the last immAddress(), for the writeback ("if wback then R[n] = offset_addr"). */
let offsetAddr = 0;

/** (immediate) forms: offset_addr = R[n] +/- imm32; address = index ? offset_addr : R[n]. */
function immAddress(cpu: Cpu, i: Insn): number {
  const base = cpu.regs[i.n];
  offsetAddr = (i.add ? base + i.imm32 : base - i.imm32) >>> 0;
  return i.index ? offsetAddr : base;
}

/** (literal) forms: Align(PC, 4) +/- imm32. */
function literalAddress(cpu: Cpu, i: Insn): number {
  const base = cpu.regs[15] & ~3;
  return (i.add ? base + i.imm32 : base - i.imm32) >>> 0;
}

/** (register) forms: R[n] + LSL(R[m], shift_n); never writes back in Thumb. */
function registerAddress(cpu: Cpu, i: Insn): number {
  return (cpu.regs[i.n] + ((cpu.regs[i.m] << i.shift_n) >>> 0)) >>> 0;
}

/** "if <the PC is loaded> && InITBlock() && !LastInITBlock() then UNPREDICTABLE". */
function pcLoadAllowed(cpu: Cpu, i: Insn): boolean {
  if (!cpu.inITBlock() || cpu.lastInITBlock()) return true;
  cpu.fault(
    'UNDEFINSTR',
    0,
    `${i.encoding?.name}: loading the PC not last in an IT block is UNPREDICTABLE`,
  );
  return false;
}

/** LDR with t == 15: LoadWritePC() from a word-aligned address; unaligned is UNPREDICTABLE. */
function loadPC(cpu: Cpu, i: Insn, address: number): void {
  if (!pcLoadAllowed(cpu, i)) return;
  if ((address & 3) !== 0) {
    cpu.fault(
      'UNDEFINSTR',
      0,
      `${i.encoding?.name}: loading the PC from an unaligned address is UNPREDICTABLE`,
    );
    return;
  }
  const data = cpu.readU32(address);
  // The writeback comes before the branch so that an EXC_RETURN sees the updated SP.
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.bxWritePC(data);
}

// Inline forms (cpu/inline.ts) follow their handlers; loads to the PC are left to the handlers.
// Each binds the address to `a` (or `b`, `o` with writeback) and hands it to loadJs/storeJs.

/**
 * The (immediate) forms: `access(address)`, then with wback R[n] = offset_addr, then `then` (a
 * load writes R[t] after the writeback, as the handlers do).
 */
function immJs(i: Insn, at: Site, access: (a: string) => string, then = ''): string {
  const op = i.add ? '+' : '-';
  if (!i.wback) {
    const address = i.index ? `(${R(at, i.n)} ${op} ${i.imm32}) >>> 0` : R(at, i.n);
    return `const a = ${address}; ${access('a')} ${then}`;
  }
  const offsetAddr = `const b = ${R(at, i.n)}, o = (b ${op} ${i.imm32}) >>> 0;`;
  return `${offsetAddr} ${access(i.index ? 'o' : 'b')} ${setR(i.n, 'o')} ${then}`;
}

/** The (literal) forms: Align(PC, 4) +/- imm32, a constant. */
function literalJs(i: Insn, at: Site, access: (a: string) => string, then: string): string {
  const base = (at.pc + 4) & ~3;
  return `const a = ${hex(i.add ? base + i.imm32 : base - i.imm32)}; ${access('a')} ${then}`;
}

/** The (register) forms: R[n] + LSL(R[m], shift_n). */
function registerJs(i: Insn, at: Site, access: (a: string) => string, then = ''): string {
  const m = i.shift_n === 0 ? R(at, i.m) : `(${R(at, i.m)} << ${i.shift_n})`;
  return `const a = (${R(at, i.n)} + ${m}) >>> 0; ${access('a')} ${then}`;
}

/** Reads of a word, halfword and byte into `v`, as the handlers' cpu.readU32, ... do. */
const word = (a: string) => loadJs('v', 4, a, 'cpu.readU32');
const half = (a: string) => loadJs('v', 2, a, 'cpu.readU16');
const byte = (a: string) => loadJs('v', 1, a, 'cpu.bus.read8');

// --- LDR, LDRB, LDRH, LDRSB, LDRSH -------------------------------------------------------

function LDR_imm(cpu: Cpu, i: Insn): void {
  const address = immAddress(cpu, i);
  if (i.t === 15) {
    loadPC(cpu, i, address);
    return;
  }
  const data = cpu.readU32(address);
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.writeReg(i.t, data);
}

inline(LDR_imm, 'memory', (i, at) => (i.t === 15 ? null : immJs(i, at, word, setR(i.t, 'v'))));

function LDR_lit(cpu: Cpu, i: Insn): void {
  const address = literalAddress(cpu, i);
  if (i.t === 15) loadPC(cpu, i, address);
  else cpu.writeReg(i.t, cpu.readU32(address));
}

inline(LDR_lit, 'memory', (i, at) => (i.t === 15 ? null : literalJs(i, at, word, setR(i.t, 'v'))));

function LDR_reg(cpu: Cpu, i: Insn): void {
  const address = registerAddress(cpu, i);
  if (i.t === 15) loadPC(cpu, i, address);
  else cpu.writeReg(i.t, cpu.readU32(address));
}

inline(LDR_reg, 'memory', (i, at) => (i.t === 15 ? null : registerJs(i, at, word, setR(i.t, 'v'))));

// Decode keeps t off SP and PC for the byte and halfword loads.

function LDRB_imm(cpu: Cpu, i: Insn): void {
  const data = cpu.bus.read8(immAddress(cpu, i));
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.regs[i.t] = data;
}

inline(LDRB_imm, 'memory', (i, at) => immJs(i, at, byte, setR(i.t, 'v')));

function LDRB_lit(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.bus.read8(literalAddress(cpu, i));
}

inline(LDRB_lit, 'memory', (i, at) => literalJs(i, at, byte, setR(i.t, 'v')));

function LDRB_reg(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.bus.read8(registerAddress(cpu, i));
}

inline(LDRB_reg, 'memory', (i, at) => registerJs(i, at, byte, setR(i.t, 'v')));

function LDRH_imm(cpu: Cpu, i: Insn): void {
  const data = cpu.readU16(immAddress(cpu, i));
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.regs[i.t] = data;
}

inline(LDRH_imm, 'memory', (i, at) => immJs(i, at, half, setR(i.t, 'v')));

function LDRH_lit(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.readU16(literalAddress(cpu, i));
}

inline(LDRH_lit, 'memory', (i, at) => literalJs(i, at, half, setR(i.t, 'v')));

function LDRH_reg(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.readU16(registerAddress(cpu, i));
}

inline(LDRH_reg, 'memory', (i, at) => registerJs(i, at, half, setR(i.t, 'v')));

function LDRSB_imm(cpu: Cpu, i: Insn): void {
  const data = cpu.bus.read8(immAddress(cpu, i));
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.regs[i.t] = (data << 24) >> 24;
}

inline(LDRSB_imm, 'memory', (i, at) => immJs(i, at, byte, setR(i.t, '(v << 24) >> 24')));

function LDRSB_lit(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.bus.read8(literalAddress(cpu, i)) << 24) >> 24;
}

inline(LDRSB_lit, 'memory', (i, at) => literalJs(i, at, byte, setR(i.t, '(v << 24) >> 24')));

function LDRSB_reg(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.bus.read8(registerAddress(cpu, i)) << 24) >> 24;
}

inline(LDRSB_reg, 'memory', (i, at) => registerJs(i, at, byte, setR(i.t, '(v << 24) >> 24')));

function LDRSH_imm(cpu: Cpu, i: Insn): void {
  const data = cpu.readU16(immAddress(cpu, i));
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
  cpu.regs[i.t] = (data << 16) >> 16;
}

inline(LDRSH_imm, 'memory', (i, at) => immJs(i, at, half, setR(i.t, '(v << 16) >> 16')));

function LDRSH_lit(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.readU16(literalAddress(cpu, i)) << 16) >> 16;
}

inline(LDRSH_lit, 'memory', (i, at) => literalJs(i, at, half, setR(i.t, '(v << 16) >> 16')));

function LDRSH_reg(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.readU16(registerAddress(cpu, i)) << 16) >> 16;
}

inline(LDRSH_reg, 'memory', (i, at) => registerJs(i, at, half, setR(i.t, '(v << 16) >> 16')));

// --- STR, STRB, STRH ---------------------------------------------------------------------

function STR_imm(cpu: Cpu, i: Insn): void {
  cpu.writeU32(immAddress(cpu, i), cpu.regs[i.t]);
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
}

inline(STR_imm, 'memory', (i, at) =>
  immJs(i, at, (a) => storeJs(4, a, R(at, i.t), 'cpu.writeU32')),
);

function STR_reg(cpu: Cpu, i: Insn): void {
  cpu.writeU32(registerAddress(cpu, i), cpu.regs[i.t]);
}

inline(STR_reg, 'memory', (i, at) =>
  registerJs(i, at, (a) => storeJs(4, a, R(at, i.t), 'cpu.writeU32')),
);

function STRB_imm(cpu: Cpu, i: Insn): void {
  cpu.bus.write8(immAddress(cpu, i), cpu.regs[i.t] & 0xff);
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
}

inline(STRB_imm, 'memory', (i, at) =>
  immJs(i, at, (a) => storeJs(1, a, `(${reg(i.t)} & 0xff)`, 'cpu.bus.write8')),
);

function STRB_reg(cpu: Cpu, i: Insn): void {
  cpu.bus.write8(registerAddress(cpu, i), cpu.regs[i.t] & 0xff);
}

inline(STRB_reg, 'memory', (i, at) =>
  registerJs(i, at, (a) => storeJs(1, a, `(${reg(i.t)} & 0xff)`, 'cpu.bus.write8')),
);

function STRH_imm(cpu: Cpu, i: Insn): void {
  cpu.writeU16(immAddress(cpu, i), cpu.regs[i.t] & 0xffff);
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
}

inline(STRH_imm, 'memory', (i, at) =>
  immJs(i, at, (a) => storeJs(2, a, `(${reg(i.t)} & 0xffff)`, 'cpu.writeU16')),
);

function STRH_reg(cpu: Cpu, i: Insn): void {
  cpu.writeU16(registerAddress(cpu, i), cpu.regs[i.t] & 0xffff);
}

inline(STRH_reg, 'memory', (i, at) =>
  registerJs(i, at, (a) => storeJs(2, a, `(${reg(i.t)} & 0xffff)`, 'cpu.writeU16')),
);

// --- Unprivileged: LDRT, LDRBT, LDRHT, LDRSBT, LDRSHT, STRT, STRBT, STRHT ------------------
//
// These use MemU_unpriv[]: the access is made with the permissions of unprivileged code, whatever
// the current mode. Without an MPU every access is allowed, so for now they are ordinary accesses.
// PRIVILEGE: when the MPU arrives, these eight handlers are where it must check the access as
// unprivileged (and raise a MemManage DACCVIOL) instead of using CurrentModeIsPrivileged().

function LDRT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.readU32((cpu.regs[i.n] + i.imm32) >>> 0);
}

function LDRBT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.bus.read8((cpu.regs[i.n] + i.imm32) >>> 0);
}

function LDRHT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = cpu.readU16((cpu.regs[i.n] + i.imm32) >>> 0);
}

function LDRSBT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.bus.read8((cpu.regs[i.n] + i.imm32) >>> 0) << 24) >> 24;
}

function LDRSHT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.t] = (cpu.readU16((cpu.regs[i.n] + i.imm32) >>> 0) << 16) >> 16;
}

function STRT(cpu: Cpu, i: Insn): void {
  cpu.writeU32((cpu.regs[i.n] + i.imm32) >>> 0, cpu.regs[i.t]);
}

function STRBT(cpu: Cpu, i: Insn): void {
  cpu.bus.write8((cpu.regs[i.n] + i.imm32) >>> 0, cpu.regs[i.t] & 0xff);
}

function STRHT(cpu: Cpu, i: Insn): void {
  cpu.writeU16((cpu.regs[i.n] + i.imm32) >>> 0, cpu.regs[i.t] & 0xffff);
}

// --- LDRD, STRD: MemA --------------------------------------------------------------------

function LDRD_imm(cpu: Cpu, i: Insn): void {
  const address = immAddress(cpu, i);
  const first = cpu.readA32(address);
  const second = cpu.readA32((address + 4) >>> 0);
  cpu.regs[i.t] = first;
  cpu.regs[i.t2] = second;
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
}

inline(LDRD_imm, 'memory', (i, at) =>
  immJs(i, at, (a) =>
    [
      loadJs('v', 4, a, 'cpu.readA32'),
      `const a2 = (${a} + 4) >>> 0;`,
      loadJs('v2', 4, 'a2', 'cpu.readA32'),
      `${setR(i.t, 'v')} ${setR(i.t2, 'v2')}`,
    ].join(' '),
  ),
);

function LDRD_lit(cpu: Cpu, i: Insn): void {
  const address = literalAddress(cpu, i);
  const first = cpu.readA32(address);
  const second = cpu.readA32((address + 4) >>> 0);
  cpu.regs[i.t] = first;
  cpu.regs[i.t2] = second;
}

function STRD_imm(cpu: Cpu, i: Insn): void {
  const address = immAddress(cpu, i);
  cpu.writeA32(address, cpu.regs[i.t]);
  cpu.writeA32((address + 4) >>> 0, cpu.regs[i.t2]);
  if (i.wback) cpu.writeReg(i.n, offsetAddr);
}

inline(STRD_imm, 'memory', (i, at) =>
  immJs(i, at, (a) =>
    [
      storeJs(4, a, reg(i.t), 'cpu.writeA32'),
      `const a2 = (${a} + 4) >>> 0;`,
      storeJs(4, 'a2', reg(i.t2), 'cpu.writeA32'),
    ].join(' '),
  ),
);

// --- LDM, LDMDB, STM, STMDB, PUSH, POP ---------------------------------------------------
//
// i.registers is the list (bit k: Rk), i.imm32 = 4 * BitCount(registers). POP is LDM SP! and
// PUSH is STMDB SP!: they share those handlers. Each register adds one cycle (cycles.ts).

/** Words read by loadMultiple(), so that a fault part-way through changes no register. */
const loaded = new Uint32Array(16);

/** Reads the listed registers' words from `address` up (MemA), then writes R0 to R14. */
function loadMultiple(cpu: Cpu, list: number, address: number): void {
  for (let r = 0, l = list; l !== 0; r++, l >>>= 1) {
    if ((l & 1) === 0) continue;
    loaded[r] = cpu.readA32(address);
    address = (address + 4) >>> 0;
  }
  const regs = cpu.regs;
  for (let r = 0, l = list & 0x7fff; l !== 0; r++, l >>>= 1) if ((l & 1) !== 0) regs[r] = loaded[r];
}

/** Writeback, then LoadWritePC: an EXC_RETURN must see the stack pointer already updated. */
function endLoadMultiple(cpu: Cpu, i: Insn, wbValue: number): void {
  if (i.wback) cpu.writeReg(i.n, wbValue);
  cpu.cycles += i.imm32 >>> 2;
  if (i.registers > 0x7fff) cpu.bxWritePC(loaded[15]);
}

/**
 * Inline forms of the multiples: the accesses one by one up from `a`, the lowest address, which
 * the caller binds; a load writes the registers once every word is read.
 */
function multipleJs(i: Insn, at: Site, load: boolean): string {
  const accesses: string[] = [];
  const writes: string[] = [];
  for (let r = 0, offset = 0; r < 15; r++) {
    if (((i.registers >>> r) & 1) === 0) continue;
    accesses.push(`const a${r} = ${offset === 0 ? 'a' : `(a + ${offset}) >>> 0`};`);
    if (load) {
      accesses.push(loadJs(`w${r}`, 4, `a${r}`, 'cpu.readA32'));
      writes.push(setR(r, `w${r}`));
    } else {
      accesses.push(storeJs(4, `a${r}`, R(at, r), 'cpu.writeA32'));
    }
    offset += 4;
  }
  return [...accesses, ...writes].join(' ');
}

function LDM(cpu: Cpu, i: Insn): void {
  if (i.registers > 0x7fff && !pcLoadAllowed(cpu, i)) return;
  const base = cpu.regs[i.n];
  loadMultiple(cpu, i.registers, base);
  endLoadMultiple(cpu, i, (base + i.imm32) >>> 0);
}

inline(LDM, 'memory', (i, at) => {
  if (i.registers > 0x7fff) return null;
  const wback = i.wback ? setR(i.n, `(a + ${i.imm32}) >>> 0`) : '';
  const words = multipleJs(i, at, true);
  return `const a = ${R(at, i.n)}; ${words} ${wback} t += ${i.imm32 >>> 2};`;
});

function LDMDB(cpu: Cpu, i: Insn): void {
  if (i.registers > 0x7fff && !pcLoadAllowed(cpu, i)) return;
  const address = (cpu.regs[i.n] - i.imm32) >>> 0;
  loadMultiple(cpu, i.registers, address);
  endLoadMultiple(cpu, i, address);
}

inline(LDMDB, 'memory', (i, at) => {
  if (i.registers > 0x7fff) return null;
  const wback = i.wback ? setR(i.n, 'a') : '';
  const words = multipleJs(i, at, true);
  return `const a = (${R(at, i.n)} - ${i.imm32}) >>> 0; ${words} ${wback} t += ${i.imm32 >>> 2};`;
});

/** Stores the listed registers from `address` up (MemA). */
function storeMultiple(cpu: Cpu, list: number, address: number): void {
  const regs = cpu.regs;
  for (let r = 0, l = list; l !== 0; r++, l >>>= 1) {
    if ((l & 1) === 0) continue;
    cpu.writeA32(address, regs[r]);
    address = (address + 4) >>> 0;
  }
}

/**
 * STM T1 stores an UNKNOWN value for Rn when it is in the list but not the lowest register:
 * Loom stores Rn's value before the writeback.
 */
function STM(cpu: Cpu, i: Insn): void {
  const base = cpu.regs[i.n];
  storeMultiple(cpu, i.registers, base);
  if (i.wback) cpu.writeReg(i.n, (base + i.imm32) >>> 0);
  cpu.cycles += i.imm32 >>> 2;
}

inline(STM, 'memory', (i, at) => {
  const wback = i.wback ? setR(i.n, `(a + ${i.imm32}) >>> 0`) : '';
  const words = multipleJs(i, at, false);
  return `const a = ${R(at, i.n)}; ${words} ${wback} t += ${i.imm32 >>> 2};`;
});

function STMDB(cpu: Cpu, i: Insn): void {
  const address = (cpu.regs[i.n] - i.imm32) >>> 0;
  storeMultiple(cpu, i.registers, address);
  if (i.wback) cpu.writeReg(i.n, address);
  cpu.cycles += i.imm32 >>> 2;
}

inline(STMDB, 'memory', (i, at) => {
  const wback = i.wback ? setR(i.n, 'a') : '';
  const words = multipleJs(i, at, false);
  return `const a = (${R(at, i.n)} - ${i.imm32}) >>> 0; ${words} ${wback} t += ${i.imm32 >>> 2};`;
});

// --- Exclusives: LDREX, STREX and their byte and halfword forms, CLREX (A3.4) -------------
//
// The local monitor is Open or Exclusive for one address (cpu.exclusiveAddr). A STREX passes only
// when it is Exclusive for the STREX's address; any STREX, passing or not, leaves it Open (the
// local monitor's state machine, A3.4; QEMU does the same). Exception entry and return clear
// it (the exception model's job).

function setExclusive(cpu: Cpu, address: number): void {
  cpu.exclusiveOpen = false;
  cpu.exclusiveAddr = address;
}

/**
 * ExclusiveMonitorsPass() for a store of `size` bytes: 1 when it passes, 0 when not, -1 after the
 * alignment fault, which it checks first whatever the monitor's state.
 */
function exclusivePass(cpu: Cpu, address: number, size: number): number {
  if ((address & (size - 1)) !== 0) {
    cpu.fault('UNALIGNED', address, 'a store-exclusive to an unaligned address');
    return -1;
  }
  return !cpu.exclusiveOpen && cpu.exclusiveAddr === address ? 1 : 0;
}

function LDREX(cpu: Cpu, i: Insn): void {
  const address = (cpu.regs[i.n] + i.imm32) >>> 0;
  const data = cpu.readA32(address);
  setExclusive(cpu, address);
  cpu.regs[i.t] = data;
}

function LDREXB(cpu: Cpu, i: Insn): void {
  const address = cpu.regs[i.n];
  const data = cpu.bus.read8(address);
  setExclusive(cpu, address);
  cpu.regs[i.t] = data;
}

function LDREXH(cpu: Cpu, i: Insn): void {
  const address = cpu.regs[i.n];
  const data = cpu.readA16(address);
  setExclusive(cpu, address);
  cpu.regs[i.t] = data;
}

function STREX(cpu: Cpu, i: Insn): void {
  const address = (cpu.regs[i.n] + i.imm32) >>> 0;
  const pass = exclusivePass(cpu, address, 4);
  if (pass < 0) return;
  if (pass === 1) cpu.writeA32(address, cpu.regs[i.t]);
  cpu.exclusiveOpen = true;
  cpu.regs[i.d] = pass ^ 1;
}

function STREXB(cpu: Cpu, i: Insn): void {
  const address = cpu.regs[i.n];
  const pass = exclusivePass(cpu, address, 1);
  if (pass < 0) return;
  if (pass === 1) cpu.bus.write8(address, cpu.regs[i.t] & 0xff);
  cpu.exclusiveOpen = true;
  cpu.regs[i.d] = pass ^ 1;
}

function STREXH(cpu: Cpu, i: Insn): void {
  const address = cpu.regs[i.n];
  const pass = exclusivePass(cpu, address, 2);
  if (pass < 0) return;
  if (pass === 1) cpu.writeA16(address, cpu.regs[i.t] & 0xffff);
  cpu.exclusiveOpen = true;
  cpu.regs[i.d] = pass ^ 1;
}

function CLREX(cpu: Cpu): void {
  cpu.exclusiveOpen = true;
}

/** PLD, PLI and the unallocated memory hints: no cache to warm, no access made. */
function hint(): void {}

// --- Decoding ------------------------------------------------------------------------------

const LOAD = CYCLES.load;
const STORE = CYCLES.store;
const DUAL = CYCLES.dual;
const MULTIPLE = CYCLES.multiple;
/** PLD, PLI, CLREX: single-cycle on the M4. */
const HINT = CYCLES.alu;

/** BadReg(): SP or PC. */
function badReg(r: number): boolean {
  return r === 13 || r === 15;
}

function bitCount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

/** Offset addressing without writeback: index = TRUE, add = TRUE, wback = FALSE. */
function offset(i: Insn, t: number, n: number, imm32: number): void {
  i.t = t;
  i.n = n;
  i.imm32 = imm32;
  i.index = true;
  i.add = true;
  i.wback = false;
}

/** The 16-bit (immediate) T1 forms: imm32 = imm5 scaled by the access size. */
const imm5 =
  (scale: number) =>
  (f: Fields, i: Insn): void =>
    offset(i, f.Rt, f.Rn, f.imm5 << scale);

/** LDR/STR (immediate) T2: SP-relative, imm32 = imm8:'00'. */
function spImm8(f: Fields, i: Insn): void {
  offset(i, f.Rt, 13, f.imm8 << 2);
}

/** The 16-bit (register) T1 forms. */
function reg3(f: Fields, i: Insn): void {
  i.t = f.Rt;
  i.n = f.Rn;
  i.m = f.Rm;
  i.shift_n = 0;
}

/** The 32-bit (register) T2 forms: LSL #imm2. */
function reg4(f: Fields, i: Insn): void {
  i.t = f.Rt;
  i.n = f.Rn;
  i.m = f.Rm;
  i.shift_n = f.imm2;
}

/** The P/U/W (immediate) forms: index = P, add = U, wback = W, imm32 = imm8. */
function puw(f: Fields, i: Insn): void {
  i.t = f.Rt;
  i.n = f.Rn;
  i.imm32 = f.imm8;
  i.index = f.P === 1;
  i.add = f.U === 1;
  i.wback = f.W === 1;
}

/** LDR (literal) T1: imm32 = imm8:'00', add = TRUE. */
function literalT1(f: Fields, i: Insn): void {
  i.t = f.Rt;
  i.imm32 = f.imm8 << 2;
  i.add = true;
}

/** The 32-bit (literal) forms: imm12, add = U. */
function literal(f: Fields, i: Insn): void {
  i.t = f.Rt;
  i.imm32 = f.imm12;
  i.add = f.U === 1;
}

/** P == 1, U == 1, W == 0: the unprivileged T form of the same instruction. */
function unprivilegedForm(f: Fields): boolean {
  return f.P === 1 && f.U === 1 && f.W === 0;
}

// LDR. t == 15 inside an IT block is checked as the instruction runs.

function ldrImm12(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'SEE'; // LDR (literal)
  offset(i, f.Rt, f.Rn, f.imm12);
}

function ldrPuw(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'SEE'; // LDR (literal)
  if (unprivilegedForm(f)) return 'SEE'; // LDRT
  if (f.Rn === 13 && f.P === 0 && f.U === 1 && f.W === 1 && f.imm8 === 4) return 'SEE'; // POP
  if (f.P === 0 && f.W === 0) return 'UNDEFINED';
  puw(f, i);
  if (i.wback && i.n === i.t) return 'UNPREDICTABLE';
}

function ldrReg(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'SEE'; // LDR (literal)
  reg4(f, i);
  if (badReg(i.m)) return 'UNPREDICTABLE';
}

// LDRB, LDRH, LDRSB, LDRSH share their decode: Rt == 1111 is PLD, PLI or an unallocated memory
// hint, Rn == 1111 the (literal) form, and t may be neither SP nor PC.

function narrowImm12(f: Fields, i: Insn): DecodeResult {
  if (f.Rt === 15) return 'SEE'; // PLD, PLI, unallocated memory hint
  if (f.Rn === 15) return 'SEE'; // (literal)
  offset(i, f.Rt, f.Rn, f.imm12);
  if (i.t === 13) return 'UNPREDICTABLE';
}

function narrowPuw(f: Fields, i: Insn): DecodeResult {
  if (f.Rt === 15 && f.P === 1 && f.U === 0 && f.W === 0) return 'SEE'; // PLD, PLI, hint
  if (f.Rn === 15) return 'SEE'; // (literal)
  if (unprivilegedForm(f)) return 'SEE'; // LDRBT, LDRHT, LDRSBT, LDRSHT
  if (f.P === 0 && f.W === 0) return 'UNDEFINED';
  puw(f, i);
  if (badReg(i.t) || (i.wback && i.n === i.t)) return 'UNPREDICTABLE';
}

function narrowLiteral(f: Fields, i: Insn): DecodeResult {
  if (f.Rt === 15) return 'SEE'; // PLD, PLI, unallocated memory hint
  literal(f, i);
  if (i.t === 13) return 'UNPREDICTABLE';
}

function narrowReg(f: Fields, i: Insn): DecodeResult {
  if (f.Rt === 15) return 'SEE'; // PLD, PLI, unallocated memory hint
  if (f.Rn === 15) return 'SEE'; // (literal)
  reg4(f, i);
  if (i.t === 13 || badReg(i.m)) return 'UNPREDICTABLE';
}

/** LDRT, LDRBT, LDRHT, LDRSBT, LDRSHT. */
function loadUnprivileged(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'SEE'; // (literal)
  offset(i, f.Rt, f.Rn, f.imm8);
  if (badReg(i.t)) return 'UNPREDICTABLE';
}

// STR may store SP; STRB and STRH may not. Rn == 1111 is UNDEFINED for every store.

function strImm12(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'UNDEFINED';
  offset(i, f.Rt, f.Rn, f.imm12);
  if (i.t === 15) return 'UNPREDICTABLE';
}

function strPuw(f: Fields, i: Insn): DecodeResult {
  if (unprivilegedForm(f)) return 'SEE'; // STRT
  if (f.Rn === 13 && f.P === 1 && f.U === 0 && f.W === 1 && f.imm8 === 4) return 'SEE'; // PUSH
  if (f.Rn === 15 || (f.P === 0 && f.W === 0)) return 'UNDEFINED';
  puw(f, i);
  if (i.t === 15 || (i.wback && i.n === i.t)) return 'UNPREDICTABLE';
}

function strReg(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'UNDEFINED';
  reg4(f, i);
  if (i.t === 15 || badReg(i.m)) return 'UNPREDICTABLE';
}

function narrowStrImm12(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'UNDEFINED';
  offset(i, f.Rt, f.Rn, f.imm12);
  if (badReg(i.t)) return 'UNPREDICTABLE';
}

function narrowStrPuw(f: Fields, i: Insn): DecodeResult {
  if (unprivilegedForm(f)) return 'SEE'; // STRBT, STRHT
  if (f.Rn === 15 || (f.P === 0 && f.W === 0)) return 'UNDEFINED';
  puw(f, i);
  if (badReg(i.t) || (i.wback && i.n === i.t)) return 'UNPREDICTABLE';
}

function narrowStrReg(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'UNDEFINED';
  reg4(f, i);
  if (badReg(i.t) || badReg(i.m)) return 'UNPREDICTABLE';
}

/** STRT, STRBT, STRHT. */
function storeUnprivileged(f: Fields, i: Insn): DecodeResult {
  if (f.Rn === 15) return 'UNDEFINED';
  offset(i, f.Rt, f.Rn, f.imm8);
  if (badReg(i.t)) return 'UNPREDICTABLE';
}

// LDRD, STRD: P == 0 && W == 0 is the exclusives and TBB/TBH ("SEE Related encodings").

function ldrdImm(f: Fields, i: Insn): DecodeResult {
  if (f.P === 0 && f.W === 0) return 'SEE';
  if (f.Rn === 15) return 'SEE'; // LDRD (literal)
  puw(f, i);
  i.t2 = f.Rt2;
  i.imm32 = f.imm8 << 2;
  if (i.wback && (i.n === i.t || i.n === i.t2)) return 'UNPREDICTABLE';
  if (badReg(i.t) || badReg(i.t2) || i.t === i.t2) return 'UNPREDICTABLE';
}

function ldrdLiteral(f: Fields, i: Insn): DecodeResult {
  if (f.P === 0 && f.W === 0) return 'SEE';
  i.t = f.Rt;
  i.t2 = f.Rt2;
  i.imm32 = f.imm8 << 2;
  i.add = f.U === 1;
  if (badReg(i.t) || badReg(i.t2) || i.t === i.t2) return 'UNPREDICTABLE';
  if (f.W === 1) return 'UNPREDICTABLE';
}

function strdImm(f: Fields, i: Insn): DecodeResult {
  if (f.P === 0 && f.W === 0) return 'SEE';
  puw(f, i);
  i.t2 = f.Rt2;
  i.imm32 = f.imm8 << 2;
  if (i.wback && (i.n === i.t || i.n === i.t2)) return 'UNPREDICTABLE';
  if (i.n === 15 || badReg(i.t) || badReg(i.t2)) return 'UNPREDICTABLE';
}

// Multiples. Registers<15> inside an IT block is checked as the instruction runs.

/** Fills n, registers, wback, imm32 = 4 * BitCount; UNPREDICTABLE under `least` registers. */
function multiple(
  i: Insn,
  n: number,
  registers: number,
  wback: boolean,
  least: number,
): DecodeResult {
  i.n = n;
  i.registers = registers;
  i.wback = wback;
  i.imm32 = 4 * bitCount(registers);
  if (i.imm32 < 4 * least) return 'UNPREDICTABLE';
}

/** LDM T1: writes back unless Rn is in the list. */
function ldmT1(f: Fields, i: Insn): DecodeResult {
  return multiple(i, f.Rn, f.register_list, ((f.register_list >>> f.Rn) & 1) === 0, 1);
}

function stmT1(f: Fields, i: Insn): DecodeResult {
  return multiple(i, f.Rn, f.register_list, true, 1);
}

/** PUSH T1: registers = '0':M:'000000':register_list. */
function pushT1(f: Fields, i: Insn): DecodeResult {
  return multiple(i, 13, (f.M << 14) | f.register_list, true, 1);
}

/** POP T1: registers = P:'0000000':register_list. */
function popT1(f: Fields, i: Insn): DecodeResult {
  return multiple(i, 13, (f.P << 15) | f.register_list, true, 1);
}

/** PUSH T2: registers = '0':M:'0':register_list. */
function pushT2(f: Fields, i: Insn): DecodeResult {
  return multiple(i, 13, (f.M << 14) | f.register_list, true, 2);
}

/** POP T2: registers = P:M:'0':register_list. */
function popT2(f: Fields, i: Insn): DecodeResult {
  const registers = (f.P << 15) | (f.M << 14) | f.register_list;
  if (multiple(i, 13, registers, true, 2) !== undefined) return 'UNPREDICTABLE';
  if (f.P === 1 && f.M === 1) return 'UNPREDICTABLE';
}

/** PUSH T3 (STR Rt, [SP, #-4]!): one register, neither SP nor PC. */
function pushT3(f: Fields, i: Insn): DecodeResult {
  multiple(i, 13, 1 << f.Rt, true, 1);
  if (f.Rt === 13 || f.Rt === 15) return 'UNPREDICTABLE';
}

/** POP T3 (LDR Rt, [SP], #4): one register, which may be the PC but not SP. */
function popT3(f: Fields, i: Insn): DecodeResult {
  multiple(i, 13, 1 << f.Rt, true, 1);
  if (f.Rt === 13) return 'UNPREDICTABLE';
}

/** LDM T2: W == 1 with Rn == SP is POP. */
function ldmT2(f: Fields, i: Insn): DecodeResult {
  if (f.W === 1 && f.Rn === 13) return 'SEE'; // POP
  return ldmdbT1(f, i);
}

/** STMDB T1: W == 1 with Rn == SP is PUSH. */
function stmdbT1(f: Fields, i: Insn): DecodeResult {
  if (f.W === 1 && f.Rn === 13) return 'SEE'; // PUSH
  return stmT2(f, i);
}

/** LDMDB T1, and LDM T2 once POP is ruled out: registers = P:M:'0':register_list. */
function ldmdbT1(f: Fields, i: Insn): DecodeResult {
  const registers = (f.P << 15) | (f.M << 14) | f.register_list;
  if (multiple(i, f.Rn, registers, f.W === 1, 2) !== undefined) return 'UNPREDICTABLE';
  if (i.n === 15 || (f.P === 1 && f.M === 1)) return 'UNPREDICTABLE';
  if (i.wback && ((registers >>> i.n) & 1) !== 0) return 'UNPREDICTABLE';
}

/** STM T2 and STMDB T1: registers = '0':M:'0':register_list. */
function stmT2(f: Fields, i: Insn): DecodeResult {
  const registers = (f.M << 14) | f.register_list;
  if (multiple(i, f.Rn, registers, f.W === 1, 2) !== undefined) return 'UNPREDICTABLE';
  if (i.n === 15) return 'UNPREDICTABLE';
  if (i.wback && ((registers >>> i.n) & 1) !== 0) return 'UNPREDICTABLE';
}

// Exclusives.

function ldrex(f: Fields, i: Insn): DecodeResult {
  i.t = f.Rt;
  i.n = f.Rn;
  i.imm32 = (f.imm8 ?? 0) << 2;
  if (badReg(i.t) || i.n === 15) return 'UNPREDICTABLE';
}

function strex(f: Fields, i: Insn): DecodeResult {
  i.d = f.Rd;
  i.t = f.Rt;
  i.n = f.Rn;
  i.imm32 = (f.imm8 ?? 0) << 2;
  if (badReg(i.d) || badReg(i.t) || i.n === 15) return 'UNPREDICTABLE';
  if (i.d === i.n || i.d === i.t) return 'UNPREDICTABLE';
}

// Hints.

function none(): void {}

/** Hints with a base register: Rn == 1111 is the literal form. */
function hintBase(f: Fields): DecodeResult {
  if (f.Rn === 15) return 'SEE';
}

/** PLD, PLI (register). */
function hintReg(f: Fields): DecodeResult {
  if (f.Rn === 15) return 'SEE';
  if (badReg(f.Rm)) return 'UNPREDICTABLE';
}

export const ENCODINGS: Encoding[] = [
  // 16-bit (A5.2.4 and the load/store multiple rows of A5.2)
  enc('LDR (immediate) T1', '01101 imm5:5 Rn:3 Rt:3', imm5(2), LDR_imm, LOAD),
  enc('LDR (immediate) T2', '10011 Rt:3 imm8:8', spImm8, LDR_imm, LOAD),
  enc('LDR (literal) T1', '01001 Rt:3 imm8:8', literalT1, LDR_lit, LOAD),
  enc('LDR (register) T1', '0101100 Rm:3 Rn:3 Rt:3', reg3, LDR_reg, LOAD),
  enc('LDRB (immediate) T1', '01111 imm5:5 Rn:3 Rt:3', imm5(0), LDRB_imm, LOAD),
  enc('LDRB (register) T1', '0101110 Rm:3 Rn:3 Rt:3', reg3, LDRB_reg, LOAD),
  enc('LDRH (immediate) T1', '10001 imm5:5 Rn:3 Rt:3', imm5(1), LDRH_imm, LOAD),
  enc('LDRH (register) T1', '0101101 Rm:3 Rn:3 Rt:3', reg3, LDRH_reg, LOAD),
  enc('LDRSB (register) T1', '0101011 Rm:3 Rn:3 Rt:3', reg3, LDRSB_reg, LOAD),
  enc('LDRSH (register) T1', '0101111 Rm:3 Rn:3 Rt:3', reg3, LDRSH_reg, LOAD),
  enc('STR (immediate) T1', '01100 imm5:5 Rn:3 Rt:3', imm5(2), STR_imm, STORE),
  enc('STR (immediate) T2', '10010 Rt:3 imm8:8', spImm8, STR_imm, STORE),
  enc('STR (register) T1', '0101000 Rm:3 Rn:3 Rt:3', reg3, STR_reg, STORE),
  enc('STRB (immediate) T1', '01110 imm5:5 Rn:3 Rt:3', imm5(0), STRB_imm, STORE),
  enc('STRB (register) T1', '0101010 Rm:3 Rn:3 Rt:3', reg3, STRB_reg, STORE),
  enc('STRH (immediate) T1', '10000 imm5:5 Rn:3 Rt:3', imm5(1), STRH_imm, STORE),
  enc('STRH (register) T1', '0101001 Rm:3 Rn:3 Rt:3', reg3, STRH_reg, STORE),
  enc('LDM T1', '11001 Rn:3 register_list:8', ldmT1, LDM, MULTIPLE),
  enc('STM T1', '11000 Rn:3 register_list:8', stmT1, STM, MULTIPLE),
  enc('PUSH T1', '1011010 M register_list:8', pushT1, STMDB, MULTIPLE),
  enc('POP T1', '1011110 P register_list:8', popT1, LDM, MULTIPLE),

  // Load word (A5.3.7)
  enc('LDR (immediate) T3', '111110001101 Rn:4 | Rt:4 imm12:12', ldrImm12, LDR_imm, LOAD),
  enc('LDR (immediate) T4', '111110000101 Rn:4 | Rt:4 1 P U W imm8:8', ldrPuw, LDR_imm, LOAD),
  enc('LDR (literal) T2', '11111000 U 1011111 | Rt:4 imm12:12', literal, LDR_lit, LOAD),
  enc('LDR (register) T2', '111110000101 Rn:4 | Rt:4 000000 imm2:2 Rm:4', ldrReg, LDR_reg, LOAD),
  enc('LDRT T1', '111110000101 Rn:4 | Rt:4 1110 imm8:8', loadUnprivileged, LDRT, LOAD),
  enc('POP T3', '1111100001011101 | Rt:4 101100000100', popT3, LDM, MULTIPLE),

  // Load byte, memory hints (A5.3.9)
  enc('LDRB (immediate) T2', '111110001001 Rn:4 | Rt:4 imm12:12', narrowImm12, LDRB_imm, LOAD),
  enc('LDRB (immediate) T3', '111110000001 Rn:4 | Rt:4 1 P U W imm8:8', narrowPuw, LDRB_imm, LOAD),
  enc('LDRB (literal) T1', '11111000 U 0011111 | Rt:4 imm12:12', narrowLiteral, LDRB_lit, LOAD),
  enc(
    'LDRB (register) T2',
    '111110000001 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowReg,
    LDRB_reg,
    LOAD,
  ),
  enc('LDRBT T1', '111110000001 Rn:4 | Rt:4 1110 imm8:8', loadUnprivileged, LDRBT, LOAD),
  enc('LDRSB (immediate) T1', '111110011001 Rn:4 | Rt:4 imm12:12', narrowImm12, LDRSB_imm, LOAD),
  enc(
    'LDRSB (immediate) T2',
    '111110010001 Rn:4 | Rt:4 1 P U W imm8:8',
    narrowPuw,
    LDRSB_imm,
    LOAD,
  ),
  enc('LDRSB (literal) T1', '11111001 U 0011111 | Rt:4 imm12:12', narrowLiteral, LDRSB_lit, LOAD),
  enc(
    'LDRSB (register) T2',
    '111110010001 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowReg,
    LDRSB_reg,
    LOAD,
  ),
  enc('LDRSBT T1', '111110010001 Rn:4 | Rt:4 1110 imm8:8', loadUnprivileged, LDRSBT, LOAD),
  enc('PLD (immediate) T1', '111110001001 Rn:4 | 1111 imm12:12', hintBase, hint, HINT),
  enc('PLD (immediate) T2', '111110000001 Rn:4 | 1111 1100 imm8:8', hintBase, hint, HINT),
  enc('PLD (literal) T1', '11111000 U 0011111 | 1111 imm12:12', none, hint, HINT),
  enc('PLD (register) T1', '111110000001 Rn:4 | 1111 000000 imm2:2 Rm:4', hintReg, hint, HINT),
  enc('PLI (immediate, literal) T1', '111110011001 Rn:4 | 1111 imm12:12', hintBase, hint, HINT),
  enc('PLI (immediate, literal) T2', '111110010001 Rn:4 | 1111 1100 imm8:8', hintBase, hint, HINT),
  enc('PLI (immediate, literal) T3', '11111001 U 0011111 | 1111 imm12:12', none, hint, HINT),
  enc('PLI (register) T1', '111110010001 Rn:4 | 1111 000000 imm2:2 Rm:4', hintReg, hint, HINT),

  // Load halfword, unallocated memory hints (A5.3.8)
  enc('LDRH (immediate) T2', '111110001011 Rn:4 | Rt:4 imm12:12', narrowImm12, LDRH_imm, LOAD),
  enc('LDRH (immediate) T3', '111110000011 Rn:4 | Rt:4 1 P U W imm8:8', narrowPuw, LDRH_imm, LOAD),
  enc('LDRH (literal) T1', '11111000 U 0111111 | Rt:4 imm12:12', narrowLiteral, LDRH_lit, LOAD),
  enc(
    'LDRH (register) T2',
    '111110000011 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowReg,
    LDRH_reg,
    LOAD,
  ),
  enc('LDRHT T1', '111110000011 Rn:4 | Rt:4 1110 imm8:8', loadUnprivileged, LDRHT, LOAD),
  enc('LDRSH (immediate) T1', '111110011011 Rn:4 | Rt:4 imm12:12', narrowImm12, LDRSH_imm, LOAD),
  enc(
    'LDRSH (immediate) T2',
    '111110010011 Rn:4 | Rt:4 1 P U W imm8:8',
    narrowPuw,
    LDRSH_imm,
    LOAD,
  ),
  enc('LDRSH (literal) T1', '11111001 U 0111111 | Rt:4 imm12:12', narrowLiteral, LDRSH_lit, LOAD),
  enc(
    'LDRSH (register) T2',
    '111110010011 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowReg,
    LDRSH_reg,
    LOAD,
  ),
  enc('LDRSHT T1', '111110010011 Rn:4 | Rt:4 1110 imm8:8', loadUnprivileged, LDRSHT, LOAD),
  // "Unallocated memory hint (treat as NOP)": LDRH and LDRSH with Rt == 1111, where LDRB and
  // LDRSB have PLD and PLI.
  enc(
    'Unallocated memory hint (LDRH (immediate) T2, Rt = PC)',
    '111110001011 Rn:4 | 1111 imm12:12',
    hintBase,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRH (immediate) T3, Rt = PC)',
    '111110000011 Rn:4 | 1111 1100 imm8:8',
    hintBase,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRH (literal) T1, Rt = PC)',
    '11111000 U 0111111 | 1111 imm12:12',
    none,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRH (register) T2, Rt = PC)',
    '111110000011 Rn:4 | 1111 000000 imm2:2 Rm:4',
    hintBase,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRSH (immediate) T1, Rt = PC)',
    '111110011011 Rn:4 | 1111 imm12:12',
    hintBase,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRSH (immediate) T2, Rt = PC)',
    '111110010011 Rn:4 | 1111 1100 imm8:8',
    hintBase,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRSH (literal) T1, Rt = PC)',
    '11111001 U 0111111 | 1111 imm12:12',
    none,
    hint,
    HINT,
  ),
  enc(
    'Unallocated memory hint (LDRSH (register) T2, Rt = PC)',
    '111110010011 Rn:4 | 1111 000000 imm2:2 Rm:4',
    hintBase,
    hint,
    HINT,
  ),

  // Store single data item (A5.3.10)
  enc('STR (immediate) T3', '111110001100 Rn:4 | Rt:4 imm12:12', strImm12, STR_imm, STORE),
  enc('STR (immediate) T4', '111110000100 Rn:4 | Rt:4 1 P U W imm8:8', strPuw, STR_imm, STORE),
  enc('STR (register) T2', '111110000100 Rn:4 | Rt:4 000000 imm2:2 Rm:4', strReg, STR_reg, STORE),
  enc('STRT T1', '111110000100 Rn:4 | Rt:4 1110 imm8:8', storeUnprivileged, STRT, STORE),
  enc('PUSH T3', '1111100001001101 | Rt:4 110100000100', pushT3, STMDB, MULTIPLE),
  enc('STRB (immediate) T2', '111110001000 Rn:4 | Rt:4 imm12:12', narrowStrImm12, STRB_imm, STORE),
  enc(
    'STRB (immediate) T3',
    '111110000000 Rn:4 | Rt:4 1 P U W imm8:8',
    narrowStrPuw,
    STRB_imm,
    STORE,
  ),
  enc(
    'STRB (register) T2',
    '111110000000 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowStrReg,
    STRB_reg,
    STORE,
  ),
  enc('STRBT T1', '111110000000 Rn:4 | Rt:4 1110 imm8:8', storeUnprivileged, STRBT, STORE),
  enc('STRH (immediate) T2', '111110001010 Rn:4 | Rt:4 imm12:12', narrowStrImm12, STRH_imm, STORE),
  enc(
    'STRH (immediate) T3',
    '111110000010 Rn:4 | Rt:4 1 P U W imm8:8',
    narrowStrPuw,
    STRH_imm,
    STORE,
  ),
  enc(
    'STRH (register) T2',
    '111110000010 Rn:4 | Rt:4 000000 imm2:2 Rm:4',
    narrowStrReg,
    STRH_reg,
    STORE,
  ),
  enc('STRHT T1', '111110000010 Rn:4 | Rt:4 1110 imm8:8', storeUnprivileged, STRHT, STORE),

  // Load/store multiple (A5.3.5)
  enc('STM T2', '1110100010 W 0 Rn:4 | (0) M (0) register_list:13', stmT2, STM, MULTIPLE),
  enc('LDM T2', '1110100010 W 1 Rn:4 | P M (0) register_list:13', ldmT2, LDM, MULTIPLE),
  enc('POP T2', '1110100010111101 | P M (0) register_list:13', popT2, LDM, MULTIPLE),
  enc('STMDB T1', '1110100100 W 0 Rn:4 | (0) M (0) register_list:13', stmdbT1, STMDB, MULTIPLE),
  enc('LDMDB T1', '1110100100 W 1 Rn:4 | P M (0) register_list:13', ldmdbT1, LDMDB, MULTIPLE),
  enc('PUSH T2', '1110100100101101 | (0) M (0) register_list:13', pushT2, STMDB, MULTIPLE),

  // Load/store dual or exclusive (A5.3.6)
  enc('LDRD (immediate) T1', '1110100 P U 1 W 1 Rn:4 | Rt:4 Rt2:4 imm8:8', ldrdImm, LDRD_imm, DUAL),
  enc(
    'LDRD (literal) T1',
    '1110100 P U 1 W 1 1111 | Rt:4 Rt2:4 imm8:8',
    ldrdLiteral,
    LDRD_lit,
    DUAL,
  ),
  enc('STRD (immediate) T1', '1110100 P U 1 W 0 Rn:4 | Rt:4 Rt2:4 imm8:8', strdImm, STRD_imm, DUAL),
  enc('LDREX T1', '111010000101 Rn:4 | Rt:4 (1) (1) (1) (1) imm8:8', ldrex, LDREX, LOAD),
  enc(
    'LDREXB T1',
    '111010001101 Rn:4 | Rt:4 (1) (1) (1) (1) 0100 (1) (1) (1) (1)',
    ldrex,
    LDREXB,
    LOAD,
  ),
  enc(
    'LDREXH T1',
    '111010001101 Rn:4 | Rt:4 (1) (1) (1) (1) 0101 (1) (1) (1) (1)',
    ldrex,
    LDREXH,
    LOAD,
  ),
  enc('STREX T1', '111010000100 Rn:4 | Rt:4 Rd:4 imm8:8', strex, STREX, STORE),
  enc('STREXB T1', '111010001100 Rn:4 | Rt:4 (1) (1) (1) (1) 0100 Rd:4', strex, STREXB, STORE),
  enc('STREXH T1', '111010001100 Rn:4 | Rt:4 (1) (1) (1) (1) 0101 Rd:4', strex, STREXH, STORE),
  // Miscellaneous control (A5.3.4)
  enc(
    'CLREX T1',
    '11110 0 111011 (1) (1) (1) (1) | 10 (0) 0 (1) (1) (1) (1) 0010 (1) (1) (1) (1)',
    none,
    CLREX,
    HINT,
  ),
];
