/*
 * Sorting 1024 numbers with newlib's qsort and with a merge sort, and checking they agree.
 * Every iteration sorts the same numbers, so that the instruction count grows linearly with
 * ITERATIONS (the benchmark extrapolates it for QEMU's longer runs).
 */
#include <stdlib.h>
#include <string.h>

#include "iterations.h"
#include "kernels.h"
#include "semihost.h"

#define N 1024
static int32_t a[N], b[N], scratch[N];

int main(void)
{
  uint32_t sum = 0, agree = 0;
  for (uint32_t i = 0, n = iterations; i < n; i++) {
    uint32_t seed = 0xbb67ae85;
    for (unsigned k = 0; k < N; k++) a[k] = (int32_t)xorshift32(&seed);
    memcpy(b, a, sizeof a);
    qsort(a, N, sizeof a[0], compare_int32);
    merge_sort(b, scratch, N);
    agree += memcmp(a, b, sizeof a) == 0;
    sum += (uint32_t)a[i % N];
  }
  sh_put_hex("agree", agree);
  sh_put_hex("sum", sum);
  return 0;
}
