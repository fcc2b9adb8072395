import { itAdvance, type Block, type BlockCode } from './block.ts';
import type { Bus, MemoryPage } from './bus.ts';
import { CYCLES } from './cycles.ts';
import { conditionJs, hex, inlineForm } from './inline.ts';

/**
 * Compiles a block into one JavaScript function (docs/cpu-core.md, "How it gets fast"): each
 * instruction's inline form with its fields as literals, or a direct call of its handler, in
 * order. The function does what the loop would do for each instruction, exactly:
 *
 * - R0-R14 and the flags live in locals, loaded on entry and written back on the way out and
 *   before every handler call (and loaded again after it);
 * - it counts instructions and base cycles in locals (`i`, `t`), and adds them to the Cpu where
 *   someone could look: before a slow memory access or a handler call (cycles), and on the way
 *   out;
 * - before a handler call it sets cpu.pc, R15 and cpu.nextPc as the loop does, and after the
 *   call it stops if the handler branched, raised attention or changed ITSTATE;
 * - after an access to memory it stops if attention was raised (a device asked, or the write
 *   landed on decoded code: the rest of the block may be stale);
 * - when an instruction throws (CpuFault, BusError), it leaves cpu.pc at that instruction, with
 *   the registers, ITSTATE and the counts as they were before it, and rethrows to the loop's
 *   fault path;
 * - a block that branches back to its own start goes round again by itself while another round
 *   fits in the run (cpu.runEnd), before cpu.cycleLimit, with no attention raised.
 *
 * Every way out sets `next` (cpu.nextPc), adds to `t` and `i`, and breaks out to the one
 * epilogue that hands everything back. Instructions inside an IT block run under their
 * condition; ITSTATE is only written to the Cpu where someone could see it.
 */
export function compileBlock(block: Block, bus: Bus): BlockCode {
  const { insns, pcs, itstates, count, start } = block;
  const body: string[] = [];
  /** Base cycles of the instructions since the code last added to `t`. */
  let pending = 0;
  /** The last instruction was a handler call, which left cpu.nextPc set. */
  let called = false;
  let loops = false;
  const handlers: string[] = [];
  /** The instructions whose handlers the block calls. */
  const calls: number[] = [];

  const addPending = () => {
    if (pending > 0) body.push(`t += ${pending};`);
    pending = 0;
  };
  /** Leaves for `next` after `done` instructions of this round. */
  const out = (next: string, done: number, extraCycles = 0) =>
    `next = ${next}; t += ${pending + extraCycles}; i += ${done}; break out;`;
  /**
   * Leaves for `target` after `done` instructions (BranchWritePC, whose cycles are in `pending`),
   * or goes round again when the target is the block's start and another round fits.
   */
  const leave = (target: number, done: number): string => {
    target = (target & ~1) >>> 0;
    const refill = CYCLES.branchRefill;
    if (target !== start) return out(hex(target), done, refill);
    loops = true;
    return (
      `t += ${pending + refill}; i += ${done}; ` +
      'if (i > room || cpu.cycles + t >= cpu.cycleLimit || cpu.attention !== 0) ' +
      `{ next = ${hex(start)}; break out; } continue;`
    );
  };

  for (let k = 0; k < count; k++) {
    const insn = insns[k];
    const pc = pcs[k];
    const next = (pc + insn.size) >>> 0;
    const itstate = itstates[k];
    const form = inlineForm(insn.exec);
    /** ITSTATE for the next instruction. */
    const after = itstate === 0 && form?.kind === 'it' ? insn.imm32 : itAdvance(itstate);
    const last = k === count - 1;
    const cond = itstate === 0 ? 14 : itstate >>> 4;
    const guarded = (code: string) =>
      cond === 14 ? `{ ${code} }` : `if (${conditionJs(cond)}) { ${code} }`;
    body.push(`// ${hex(pc)} ${insn.encoding?.name ?? 'undefined'}`);
    called = false;

    if (form?.kind === 'branch' || form?.kind === 'jump') {
      pending += insn.cycles;
      const branch = (target: number) => leave(target, k + 1);
      const js = form.js(insn, { pc, next, itstate, branch });
      if (js !== null) {
        body.push(guarded(js));
        continue;
      }
      pending -= insn.cycles;
    }
    const js =
      form === undefined || form.kind === 'branch' || form.kind === 'jump'
        ? null
        : form.js(insn, { pc, next, itstate, branch: notBranch });

    if (form !== undefined && js !== null && form.kind !== 'memory') {
      if (js !== '') body.push(guarded(js));
      pending += insn.cycles;
      continue;
    }

    // The instruction may throw: note where, and count the time up to here.
    body.push(`at = ${k};`);
    if (form !== undefined && js !== null) {
      addPending();
      body.push(guarded(js));
      pending += insn.cycles;
      if (last) continue;
      const itstateAfter = after === 0 ? '' : `cpu.itstate = ${after}; `;
      body.push(`if (cpu.attention !== 0) { ${itstateAfter}${out(hex(next), k + 1)} }`);
      continue;
    }

    // No inline form: call the handler as the loop would, with the registers in cpu.regs.
    handlers.push(`i${k} = I[${k}], h${k} = i${k}.exec`);
    calls.push(k);
    body.push(`${WRITE_BACK} cpu.cycles += t + ${pending}; t = 0;`);
    body.push(`cpu.pc = ${hex(pc)}; r[15] = ${hex(pc + 4)}; cpu.nextPc = ${hex(next)};`);
    pending = insn.cycles;
    called = true;
    if (itstate === 0) {
      body.push(`h${k}(cpu, i${k});`, RELOAD);
      if (!last) {
        const stop = out('cpu.nextPc', k + 1);
        body.push(`if (cpu.nextPc !== ${hex(next)} || cpu.attention !== 0) { ${stop} }`);
      }
      continue;
    }
    // Inside an IT block (Cpu.execInItBlock): BKPT executes whatever the condition.
    const bkpt = insn.size === 2 && insn.raw >>> 8 === 0xbe;
    body.push(`cpu.itstate = ${itstate};`);
    body.push(bkpt ? `h${k}(cpu, i${k});` : `if (${conditionJs(cond)}) h${k}(cpu, i${k});`);
    body.push(RELOAD);
    // ITAdvance(), unless the instruction changed ITSTATE itself (an exception entry).
    const advance = `if (cpu.itstate === ${itstate}) cpu.itstate = ${after};`;
    if (last) {
      body.push(advance);
      continue;
    }
    body.push(
      `if (cpu.itstate !== ${itstate} || cpu.nextPc !== ${hex(next)} || cpu.attention !== 0) ` +
        `{ ${advance} ${out('cpu.nextPc', k + 1)} }`,
      'cpu.itstate = 0;',
    );
  }
  // The end of the block (blocks hold whole IT blocks: ITSTATE is 0 again).
  body.push(out(called ? 'cpu.nextPc' : hex(block.end), count));

  const { load, writeBack, reload } = locals(body);
  const code = body.map((line) =>
    line.replaceAll(WRITE_BACK, writeBack).replaceAll(RELOAD, reload),
  );
  // After a fault in a handler the registers are already in cpu.regs, and may be newer there.
  const synced = calls.length === 0 ? '' : `if (${calls.map((k) => `at !== ${k}`).join(' && ')}) `;
  const inIt = itstates.some((s) => s !== 0);
  const source = [
    '"use strict";',
    handlers.length > 0 ? `const ${handlers.join(', ')};` : '',
    `const P = [${pcs.map(hex).join(', ')}];`,
    inIt ? `const T = [${itstates.join(', ')}];` : '',
    `return function block_${start.toString(16).padStart(8, '0')}(cpu, r) {`,
    'let at = 0, t = 0, i = 0, next = 0;',
    loops ? `const room = cpu.runEnd - cpu.instructions - ${count};` : '',
    load,
    'try {',
    'out: {',
    loops ? 'for (;;) {' : '',
    ...code,
    loops ? '}' : '',
    '}',
    '} catch (e) {',
    writeBack === '' ? '' : `  ${synced}{ ${writeBack} }`,
    '  cpu.pc = P[at]; r[15] = P[at] + 4; cpu.cycles += t; cpu.instructions += i + at;',
    inIt ? '  cpu.itstate = T[at];' : '',
    '  throw e;',
    '}',
    `cpu.nextPc = next; ${writeBack} cpu.cycles += t; cpu.instructions += i;`,
    '};',
  ].join('\n');
  const direct = (pages: readonly (MemoryPage | undefined)[] | undefined) => pages ?? [];
  return new Function('I', 'RP', 'WP', source)(
    insns,
    direct(bus.readPages),
    direct(bus.writePages),
  ) as BlockCode;
}

/** Stand-ins in the generated lines for code known once every line is written. */
const WRITE_BACK = '/*write back*/';
const RELOAD = '/*reload*/';

const FLAGS = { fN: 'n', fZ: 'z', fC: 'c', fV: 'v' } as const;

/**
 * The locals of the registers and flags the block uses (inline.ts: reg, N, Z, C, V): the code
 * that loads them all on entry, the code that writes back those it writes (forms write them
 * with `name = ...` only), and the code that loads them all again after a handler call.
 */
function locals(lines: readonly string[]): { load: string; writeBack: string; reload: string } {
  const used = new Set<string>();
  const written = new Set<string>();
  const code = lines.filter((line) => !line.startsWith('//')).join('\n');
  for (const m of code.matchAll(/\b(r\d{1,2}|f[NZCV])\b( = (?!=))?/g)) {
    used.add(m[1]);
    if (m[2] !== undefined) written.add(m[1]);
  }
  const memory = (name: string) =>
    name.startsWith('r') ? `r[${name.slice(1)}]` : `cpu.${FLAGS[name as keyof typeof FLAGS]}`;
  const fresh = (name: string) => `${memory(name)}${name.startsWith('r') ? ' | 0' : ''}`;
  const names = [...used].sort();
  return {
    load: names.length === 0 ? '' : `let ${names.map((x) => `${x} = ${fresh(x)}`).join(', ')};`,
    writeBack: [...written]
      .sort()
      .map((x) => `${memory(x)} = ${x};`)
      .join(' '),
    reload: names.map((x) => `${x} = ${fresh(x)};`).join(' '),
  };
}

/** The Site of a form that is neither a branch nor a jump. */
function notBranch(): string {
  throw new Error('only branch and jump forms branch');
}
