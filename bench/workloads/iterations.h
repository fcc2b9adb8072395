/*
 * The loop count, read from memory at run time: builds with different ITERATIONS run the same
 * code, so that the instruction count is exactly linear in it (see bench/qemu-speed.ts).
 */
#ifndef ITERATIONS_H
#define ITERATIONS_H

#include <stdint.h>

static volatile const uint32_t iterations = ITERATIONS;

#endif
