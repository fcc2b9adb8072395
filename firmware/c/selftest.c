/*
 * The firmware test: CRC-32, three sorts, a checksum of their results and a matrix product,
 * written to `results` (at 0x20000000, see loom.ld) and printed through semihosting.
 * firmware.test.ts recomputes every value in TypeScript.
 */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "semihost.h"

#define BUFFER_BYTES 4096
#define SORT_N 256
#define MAT_N 8

struct results {
  uint32_t magic; /* 'LOOM' once main has run */
  uint32_t crc_buffer;
  uint32_t crc_message;
  uint32_t message_length;
  uint32_t sorts_agree; /* bit 0: insertion sort == qsort, bit 1: merge sort == qsort */
  uint32_t checksum;    /* CRC-32 over sorted[] then product[] */
  uint32_t sum;         /* sum of sorted[] and product[], modulo 2^32 */
  uint32_t dot_lo;      /* sum of sorted[i] * product[i % 64] as a signed 64-bit number */
  uint32_t dot_hi;
  int32_t sorted[SORT_N];
  int32_t product[MAT_N * MAT_N];
};

__attribute__((section(".results"))) volatile struct results results;

/* Initialised data: the startup code copies it from flash to RAM. */
static uint32_t seed = 0x12345678;
static const char message[] = "The quick brown fox jumps over the lazy dog";
static uint8_t buffer[BUFFER_BYTES];
static int32_t by_qsort[SORT_N], by_insertion[SORT_N], by_merge[SORT_N], scratch[SORT_N];
static int32_t a[MAT_N * MAT_N], b[MAT_N * MAT_N], c[MAT_N * MAT_N];

int main(void)
{
  crc32_init();
  memset(buffer, 0xff, sizeof buffer);
  for (unsigned i = 0; i < BUFFER_BYTES; i++) buffer[i] ^= (uint8_t)xorshift32(&seed);
  results.crc_buffer = crc32(buffer, sizeof buffer);
  results.message_length = strlen(message);
  results.crc_message = crc32(message, strlen(message));

  for (unsigned i = 0; i < SORT_N; i++) by_qsort[i] = (int32_t)xorshift32(&seed);
  memcpy(by_insertion, by_qsort, sizeof by_qsort);
  memcpy(by_merge, by_qsort, sizeof by_qsort);
  qsort(by_qsort, SORT_N, sizeof by_qsort[0], compare_int32);
  insertion_sort(by_insertion, SORT_N);
  merge_sort(by_merge, scratch, SORT_N);
  results.sorts_agree = (memcmp(by_insertion, by_qsort, sizeof by_qsort) == 0 ? 1 : 0) |
                        (memcmp(by_merge, by_qsort, sizeof by_qsort) == 0 ? 2 : 0);

  for (unsigned i = 0; i < MAT_N * MAT_N; i++) {
    a[i] = (int32_t)(xorshift32(&seed) % 201) - 100;
    b[i] = (int32_t)(xorshift32(&seed) % 2001) - 1000;
  }
  matmul(a, b, c, MAT_N);

  uint32_t sum = 0;
  int64_t dot = 0;
  for (unsigned i = 0; i < SORT_N; i++) {
    results.sorted[i] = by_qsort[i];
    sum += (uint32_t)by_qsort[i];
    dot += (int64_t)by_qsort[i] * c[i % (MAT_N * MAT_N)];
  }
  for (unsigned i = 0; i < MAT_N * MAT_N; i++) {
    results.product[i] = c[i];
    sum += (uint32_t)c[i];
  }
  results.sum = sum;
  results.dot_lo = (uint32_t)dot;
  results.dot_hi = (uint32_t)((uint64_t)dot >> 32);
  uint32_t crc = crc32((const void *)results.sorted, sizeof results.sorted);
  results.checksum = crc32_update(crc, (const void *)results.product, sizeof results.product);
  results.magic = 0x4d4f4f4c;

  sh_dump((const void *)&results, sizeof results / 4);
  return 0;
}
