/* The workloads' kernels, shared by the firmware tests and the benchmark. */
#ifndef KERNELS_H
#define KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* xorshift32 (Marsaglia): the tests recompute the same sequence in TypeScript. */
static inline uint32_t xorshift32(uint32_t *state)
{
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven. */
void crc32_init(void);
uint32_t crc32_update(uint32_t crc, const void *data, size_t length);
uint32_t crc32(const void *data, size_t length);

int compare_int32(const void *a, const void *b);
void insertion_sort(int32_t *a, size_t n);
void merge_sort(int32_t *a, int32_t *scratch, size_t n);

/* c = a * b for n x n row-major matrices. */
void matmul(const int32_t *a, const int32_t *b, int32_t *c, int n);

#endif
