/*
 * A busy-wait: a two-instruction loop that takes the same number of cycles at any clock, so the
 * time it lasts is cycles / HCLK. In Loom's cycle model (the Cortex-M4 TRM's table, see
 * cpu/cycles.ts) one time round costs 3 cycles: SUBS 1, a taken BNE 1 + 1 for the refill.
 * A real Cortex-M7, which issues two instructions per cycle and predicts branches, goes round
 * faster, so on a board the same count gives a shorter delay.
 */
#ifndef DELAY_H
#define DELAY_H

#include <stdint.h>

#define DELAY_CYCLES_PER_LOOP 3u

static inline void busy_wait(uint32_t loops)
{
  __asm volatile("1: subs %0, %0, #1\n"
                 "   bne 1b"
                 : "+r"(loops)
                 :
                 : "cc");
}

#endif
