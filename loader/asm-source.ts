/**
 * Reads an assembly source the way the listing needs it: which lines may carry a label (not
 * inside a macro, a repeat, a conditional or an IT block), which labels it defines, which of them
 * are Thumb functions. It also rewrites what keystone gets wrong: directives it crashes on or
 * refuses (.thumb_func, .type, .size, .weak, .text) become blank, a Thumb function's address
 * used as data (`.word main`, `ldr r0, =main`) gets its Thumb bit, as GNU as gives it, and GNU
 * as's `.inst`, `.inst.n` and `.inst.w` (an instruction written as its number), which keystone
 * ignores without a word, become the halfwords they stand for.
 */
import { AssemblyError } from './asm-error.ts';

export interface SourceLabel {
  name: string;
  /** 0-based line index. */
  line: number;
  /** Marked by .thumb_func or `.type name, %function`. */
  isFunction: boolean;
}

export interface PreparedSource {
  /** The source's lines as written. */
  original: string[];
  /** The rewritten lines, one for each line of the original. */
  lines: string[];
  /** True where a line label may be inserted (after the line's own labels). */
  labelable: boolean[];
  /** Where each line's own leading labels end, in the rewritten line. */
  labelEnd: number[];
  /** Labels defined outside blocks, in source order. */
  labels: SourceLabel[];
  /** Whether any statement emits bytes (an instruction or a data directive). */
  emitsCode: boolean;
}

const LABEL = /^\s*([A-Za-z_.$][\w.$]*)\s*:/;
/** How a statement may start: keystone hangs on some others (`(`, `+`, `.1`, ...). */
const STATEMENT = /^(\.[A-Za-z_]|[A-Za-z_$])/;
const BLOCK_OPEN =
  /^\.(macro|rept|irp|irpc|if|ifdef|ifndef|ifc|ifnc|ifeq|ifne|ifb|ifnb|ifgt|ifge|iflt|ifle)$/;
const BLOCK_CLOSE = /^\.(endm|endr|endif)$/;
const DROPPED = /^\.(thumb_func|type|size|weak|text)$/;
const DATA_WORD = /^\.(word|long|4byte|int)$/;
const DATA =
  /^\.(word|long|4byte|int|byte|short|hword|2byte|ascii|asciz|string|space|skip|zero|fill)$/;
const INST = /^\.inst(\.[nw])?$/;
const FUNCTION_TYPE = /^\s*([A-Za-z_.$][\w.$]*)\s*,\s*[%#@"]?(function|STT_FUNC)"?\s*$/;

/** The code of a line: comments removed (`@`, `//`, and `/* *\/`, which may span lines). */
function stripComments(line: string, state: { inBlock: boolean }): string {
  let out = '';
  let quote = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k];
    if (state.inBlock) {
      if (ch === '*' && line[k + 1] === '/') {
        state.inBlock = false;
        k++;
      }
      continue;
    }
    if (quote) {
      out += ch;
      if (ch === '\\') out += line[++k] ?? '';
      else if (ch === '"') quote = false;
      continue;
    }
    if (ch === '"') quote = true;
    else if (ch === '@' || (ch === '/' && line[k + 1] === '/')) break;
    else if (ch === '/' && line[k + 1] === '*') {
      state.inBlock = true;
      k++;
      out += ' ';
      continue;
    }
    out += ch;
  }
  return out;
}

/** Splits code into statements at `;` outside strings. */
function statements(code: string): string[] {
  const parts: string[] = [];
  let quote = false;
  let start = 0;
  for (let k = 0; k < code.length; k++) {
    if (code[k] === '"' && code[k - 1] !== '\\') quote = !quote;
    else if (code[k] === ';' && !quote) {
      parts.push(code.slice(start, k));
      start = k + 1;
    }
  }
  parts.push(code.slice(start));
  return parts;
}

/** A statement's leading labels, its first word (mnemonic or directive) and the rest. */
function parseStatement(s: string): {
  labels: string[];
  labelEnd: number;
  op: string;
  rest: string;
} {
  const labels: string[] = [];
  let offset = 0;
  for (let m = LABEL.exec(s); m !== null; m = LABEL.exec(s.slice(offset))) {
    labels.push(m[1]);
    offset += m[0].length;
  }
  const body = s.slice(offset).trim();
  const space = body.search(/\s/);
  const op = (space < 0 ? body : body.slice(0, space)).toLowerCase();
  return { labels, labelEnd: offset, op, rest: space < 0 ? '' : body.slice(space).trim() };
}

/**
 * `.inst.n X` is one halfword, `.inst.w X` two (the high one first, as Thumb stores a 32-bit
 * instruction), and a bare `.inst X` is 32-bit when X does not fit in 16 bits (GNU as, "ARM
 * Machine Directives"). Returns the `.hword` statement, or why not.
 */
function instAsHalfwords(size: string | undefined, rest: string): string {
  const operands = rest.split(',').map((o) => o.trim());
  if (rest.trim() === '' || operands.some((o) => o === '')) {
    throw new Error('.inst needs the instruction as a number: .inst.n 0xe7fe');
  }
  const halfwords = operands.flatMap((o) => {
    let wide = size === '.w';
    if (size === undefined) {
      const value = Number(o);
      if (!Number.isInteger(value)) {
        throw new Error(`.inst ${o}: write .inst.n or .inst.w when the value is not a number`);
      }
      wide = value > 0xffff;
    }
    return wide ? [`((${o}) >> 16) & 0xffff`, `(${o}) & 0xffff`] : [o];
  });
  return `.hword ${halfwords.join(', ')}`;
}

/** `(main+1)` for each Thumb function named in a data expression. */
function withThumbBit(text: string, functions: Set<string>): string {
  return text.replace(/(?<![\w.$])[A-Za-z_.$][\w.$]*/g, (name) =>
    functions.has(name) ? `(${name}+1)` : name,
  );
}

export function prepareSource(source: string): PreparedSource {
  const original = source.split(/\r?\n/);
  const comment = { inBlock: false };
  const codes = original.map((line) => stripComments(line, comment));
  const lines = [...original];
  const labelable: boolean[] = [];
  const labelEnd: number[] = [];
  const labels: SourceLabel[] = [];
  const functions = new Set<string>();
  let depth = 0;
  let itPending = 0;
  let thumbFuncNext = false;
  let ended = false;
  let emitsCode = false;
  const fail = (k: number, why: string): never => {
    throw new AssemblyError(why, k + 1, original[k]);
  };

  codes.forEach((code, k) => {
    labelable[k] = !ended && depth === 0 && itPending === 0;
    labelEnd[k] = 0;
    if (ended) {
      lines[k] = '';
      return;
    }
    let blank = false;
    statements(code).forEach((stmt, index) => {
      const { labels: defined, labelEnd: end, op, rest } = parseStatement(stmt);
      if (index === 0) labelEnd[k] = end;
      if (depth === 0) {
        for (const name of defined) {
          labels.push({ name, line: k, isFunction: thumbFuncNext });
          if (thumbFuncNext) functions.add(name);
          thumbFuncNext = false;
        }
      }
      if (op === '') return;
      if (!STATEMENT.test(op)) {
        fail(k, `a statement starts with an instruction, a directive or a label, not '${op}'`);
      }
      if (!op.startsWith('.') || DATA.test(op) || INST.test(op)) emitsCode = true;
      if (BLOCK_OPEN.test(op)) depth++;
      else if (BLOCK_CLOSE.test(op)) depth = Math.max(0, depth - 1);
      else if (op === '.end') ended = blank = true;
      else if (op === '.thumb_func') thumbFuncNext = blank = true;
      else if (op === '.type') {
        const m = FUNCTION_TYPE.exec(rest);
        if (m !== null) functions.add(m[1]);
        blank = true;
      } else if (DROPPED.test(op)) blank = true;
      else if (op === '.section' && /^\.text\b/.test(rest)) blank = true;
      else if (op === '.section' || op === '.data' || op === '.bss') {
        fail(
          k,
          'sections are not supported: Loom assembles one block at --base (put data after the code)',
        );
      } else if (op === '.include' || op === '.incbin') {
        fail(k, `${op} is not supported: Loom assembles one file`);
      } else if (INST.test(op)) {
        if (statements(code).length > 1) fail(k, 'put this directive on a line of its own');
        try {
          lines[k] = code.slice(0, end) + instAsHalfwords(INST.exec(op)![1], rest);
        } catch (e) {
          fail(k, (e as Error).message);
        }
      } else if (/^it[te]{0,3}$/.test(op)) itPending = op.length - 1;
      else if (!op.startsWith('.') && itPending > 0) itPending--;
    });
    // A dropped directive keeps the line's labels and nothing else.
    if (blank) {
      if (statements(code).length > 1) fail(k, 'put this directive on a line of its own');
      lines[k] = code.slice(0, labelEnd[k]);
    }
  });

  for (const label of labels) label.isFunction = functions.has(label.name);
  // Second pass, once every function is known: data references get the Thumb bit.
  if (functions.size > 0) {
    codes.forEach((code, k) => {
      if (lines[k] !== original[k]) return;
      const { op } = parseStatement(statements(code)[0]);
      const literal = /^ldr/.test(op) && code.includes('=');
      const end = labelEnd[k];
      if (DATA_WORD.test(op) || literal) {
        lines[k] = code.slice(0, end) + withThumbBit(code.slice(end), functions);
      }
    });
  }
  return { original, lines, labelable, labelEnd, labels, emitsCode };
}
