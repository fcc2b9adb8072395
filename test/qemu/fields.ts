/**
 * Random field values for an encoding's pattern, and the fields of a branch offset. Register
 * fields favour r0-r12 but reach SP, LR and PC too; everything else is uniform.
 */
import type { Encoding, Fields } from '../../cpu/encoding.ts';
import type { Random } from './random.ts';

const REGISTER_FIELD = /^R[a-z]*[0-9]?(Lo|Hi)?$/;

export function randomFields(e: Encoding, random: Random): Fields {
  const f: Fields = {};
  for (const spec of e.fields) {
    if (REGISTER_FIELD.test(spec.name) && spec.width === 4) {
      f[spec.name] = random.chance(0.85) ? random.below(13) : random.range(13, 15);
    } else if (spec.name === 'register_list') {
      let list = 0;
      const density = random.pick([0.15, 0.35, 0.6]);
      for (let b = 0; b < spec.width; b++) if (random.chance(density)) list |= 1 << b;
      f[spec.name] = list;
    } else {
      f[spec.name] = random.bits(spec.width);
    }
  }
  return f;
}

/** Fields of a branch to `offset` bytes from the branch's PC (its address + 4). */
export function branchFields(name: string, offset: number, fields: Fields): Fields {
  const out = { ...fields };
  const half = offset >> 1;
  switch (name) {
    case 'B T1':
      out.imm8 = half & 0xff;
      break;
    case 'B T2':
      out.imm11 = half & 0x7ff;
      break;
    case 'B T3':
      out.imm11 = half & 0x7ff;
      out.imm6 = (half >> 11) & 0x3f;
      out.J1 = (half >> 17) & 1;
      out.J2 = (half >> 18) & 1;
      out.S = (half >> 19) & 1;
      break;
    case 'B T4':
    case 'BL T1': {
      const s = (half >> 23) & 1;
      out.imm11 = half & 0x7ff;
      out.imm10 = (half >> 11) & 0x3ff;
      out.J2 = ((half >> 21) & 1) ^ 1 ^ s;
      out.J1 = ((half >> 22) & 1) ^ 1 ^ s;
      out.S = s;
      break;
    }
    case 'CBZ/CBNZ T1':
      out.imm5 = half & 0x1f;
      out.i = (half >> 5) & 1;
      break;
    default:
      throw new Error(`${name} is not a branch the generator knows`);
  }
  return out;
}

/** The largest forward offset each branch reaches. */
export const BRANCH_REACH: Record<string, number> = {
  'B T1': 254,
  'B T2': 2046,
  'B T3': 1 << 20,
  'B T4': 1 << 24,
  'BL T1': 1 << 24,
  'CBZ/CBNZ T1': 126,
};
