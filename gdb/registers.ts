/**
 * The registers GDB sees, by the numbers of the target description (`target.xml`) that
 * qXfer:features:read sends. The layout follows GDB's own features/arm/*.xml and QEMU's
 * Cortex-M stub:
 *
 * - org.gnu.gdb.arm.m-profile: r0-r12, sp, lr, pc (0-15) and xpsr at 25 (GDB keeps 16-24 for the
 *   FPA registers of old ARMs; no bytes stand for them in a `g` packet);
 * - org.gnu.gdb.arm.m-system: msp, psp (GDB unwinds exception frames with them), then primask,
 *   basepri, faultmask and control as OpenOCD and QEMU add them, all 32 bits;
 * - org.gnu.gdb.arm.vfp: d0-d15 and fpscr, the register file of FPv5-SP-D16 (STM32F746) and
 *   FPv5-D16 (STM32F767) alike (ARMv7-M ARM A2.5: D<n> is S<2n+1>:S<2n>); GDB shows s0-s31 as
 *   halves of the D registers, and `p $d0` as a double on either part.
 */

export interface RegisterSpec {
  name: string;
  /** The register's number in `p`/`P` packets and stop replies. */
  regnum: number;
  bytes: 4 | 8;
  feature: 'm-profile' | 'm-system' | 'vfp';
  /** GDB's type, when not a plain integer. */
  type?: 'data_ptr' | 'code_ptr' | 'ieee_double';
  group?: 'float';
}

const CORE: RegisterSpec[] = Array.from({ length: 16 }, (_, k) => ({
  name: k < 13 ? `r${k}` : ['sp', 'lr', 'pc'][k - 13],
  regnum: k,
  bytes: 4 as const,
  feature: 'm-profile' as const,
  type: k === 13 ? ('data_ptr' as const) : k === 15 ? ('code_ptr' as const) : undefined,
}));

export const XPSR_REGNUM = 25;

const SYSTEM = ['msp', 'psp', 'primask', 'basepri', 'faultmask', 'control'];

/** Every register, in `g` packet order (by regnum). */
export const REGISTERS: readonly RegisterSpec[] = [
  ...CORE,
  { name: 'xpsr', regnum: XPSR_REGNUM, bytes: 4, feature: 'm-profile' },
  ...SYSTEM.map((name, k) => ({
    name,
    regnum: XPSR_REGNUM + 1 + k,
    bytes: 4 as const,
    feature: 'm-system' as const,
    type: k < 2 ? ('data_ptr' as const) : undefined,
  })),
  ...Array.from({ length: 16 }, (_, k) => ({
    name: `d${k}`,
    regnum: XPSR_REGNUM + 1 + SYSTEM.length + k,
    bytes: 8 as const,
    feature: 'vfp' as const,
    type: 'ieee_double' as const,
  })),
  {
    name: 'fpscr',
    regnum: XPSR_REGNUM + 1 + SYSTEM.length + 16,
    bytes: 4,
    feature: 'vfp',
    group: 'float',
  },
];

const BY_REGNUM = new Map(REGISTERS.map((r) => [r.regnum, r]));

export function registerByNumber(regnum: number): RegisterSpec | undefined {
  return BY_REGNUM.get(regnum);
}

/** Bytes of a `g` packet. */
export const G_PACKET_BYTES = REGISTERS.reduce((n, r) => n + r.bytes, 0);

const FEATURE_NAMES: Record<RegisterSpec['feature'], string> = {
  'm-profile': 'org.gnu.gdb.arm.m-profile',
  'm-system': 'org.gnu.gdb.arm.m-system',
  vfp: 'org.gnu.gdb.arm.vfp',
};

/** The target description GDB reads as `target.xml`. */
export function targetXml(): string {
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '<architecture>arm</architecture>',
  ];
  let previous = -1;
  for (const feature of ['m-profile', 'm-system', 'vfp'] as const) {
    lines.push(`<feature name="${FEATURE_NAMES[feature]}">`);
    for (const r of REGISTERS.filter((x) => x.feature === feature)) {
      const attrs = [`name="${r.name}"`, `bitsize="${r.bytes * 8}"`];
      // Numbers run on by themselves; a gap (xpsr at 25) is spelled out.
      if (r.regnum !== previous + 1) attrs.push(`regnum="${r.regnum}"`);
      if (r.type !== undefined) attrs.push(`type="${r.type}"`);
      if (r.group !== undefined) attrs.push(`group="${r.group}"`);
      lines.push(`  <reg ${attrs.join(' ')}/>`);
      previous = r.regnum;
    }
    lines.push('</feature>');
  }
  lines.push('</target>');
  return lines.join('\n') + '\n';
}
