/**
 * A GPIO trace as a Value Change Dump (IEEE 1364-2005 section 18), the text format GTKWave and
 * PulseView open: a header that declares one 1-bit wire per signal, grouped in scopes (the
 * board's nets, then one scope per GPIO port), the initial values, then `#time` lines with the
 * values that changed at that time. Time is in nanoseconds of emulated time.
 */
import type { GpioTrace } from './gpio-trace.ts';

/**
 * VCD identifiers: short codes of printable ASCII characters (section 18.2.1), here without
 * '$', which starts the format's keywords.
 */
const ID_CHARS = Array.from({ length: 94 }, (_, k) => String.fromCharCode(33 + k))
  .filter((c) => c !== '$')
  .join('');

function identifier(index: number): string {
  let code = '';
  let n = index;
  do {
    code += ID_CHARS[n % ID_CHARS.length];
    n = Math.floor(n / ID_CHARS.length) - 1;
  } while (n >= 0);
  return code;
}

/** Scope and variable names may not contain spaces. */
const name = (text: string) => text.replace(/\s+/g, '_');

export function toVcd(trace: GpioTrace, comment: string, version: string): string {
  const lines = [`$version ${version} $end`, `$comment ${comment} $end`, '$timescale 1 ns $end'];
  let scope: string | undefined;
  trace.signals.forEach((s, k) => {
    if (s.group !== scope) {
      if (scope !== undefined) lines.push('$upscope $end');
      lines.push(`$scope module ${name(s.group)} $end`);
      scope = s.group;
    }
    lines.push(`$var wire 1 ${identifier(k)} ${name(s.name)} $end`);
  });
  if (scope !== undefined) lines.push('$upscope $end');
  lines.push('$enddefinitions $end', '#0', '$dumpvars');
  trace.signals.forEach((s, k) => lines.push(`${s.initial}${identifier(k)}`));
  lines.push('$end');
  let at = 0;
  for (const c of trace.changes) {
    const ns = Math.round(c.atSeconds * 1e9);
    if (ns !== at) {
      lines.push(`#${ns}`);
      at = ns;
    }
    lines.push(`${c.level}${identifier(c.signal)}`);
  }
  return lines.join('\n') + '\n';
}
