/**
 * The integer steps both precisions share: FPRoundInt's and FPToFixed's rounding of a real to an
 * integer under a rounding mode (ARMv7-M ARM A2.5), and FPToFixed's saturation.
 */
import { pow2 } from './bits.ts';
import {
  FPSCR_IOC,
  FPSCR_IXC,
  ROUND_NEGINF,
  ROUND_POSINF,
  ROUND_TIEEVEN,
  ROUND_ZERO,
  type FpStatus,
} from './registers.ts';

/** RoundDown(x) plus the rounding the mode asks for (x finite; exact in double). */
export function roundToIntegral(x: number, rounding: number): number {
  const down = Math.floor(x);
  const error = x - down;
  let up: boolean;
  switch (rounding) {
    case ROUND_TIEEVEN:
      up = error > 0.5 || (error === 0.5 && down % 2 !== 0);
      break;
    case ROUND_POSINF:
      up = error !== 0;
      break;
    case ROUND_NEGINF:
      up = false;
      break;
    case ROUND_ZERO:
      up = error !== 0 && down < 0;
      break;
    default: // ROUND_TIEAWAY
      up = error > 0.5 || (error === 0.5 && down >= 0);
  }
  return up ? down + 1 : down;
}

/** The rounding and saturation of FPToFixed, for a finite or infinite scaled value. */
export function saturate(
  value: number,
  M: number,
  unsigned: boolean,
  rounding: number,
  st: FpStatus,
): number {
  const max = unsigned ? pow2(M) - 1 : pow2(M - 1) - 1;
  const min = unsigned ? 0 : -pow2(M - 1);
  if (value === Infinity || value === -Infinity) {
    st.fpscr |= FPSCR_IOC;
    return value > 0 ? max : min;
  }
  const r = roundToIntegral(value, rounding);
  if (r > max || r < min) {
    st.fpscr |= FPSCR_IOC;
    return r > max ? max : min;
  }
  if (r !== value) st.fpscr |= FPSCR_IXC;
  return r;
}
