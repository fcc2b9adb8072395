/* A 16 x 16 integer matrix product, fed back into itself. */
#include "iterations.h"
#include "kernels.h"
#include "semihost.h"

#define N 16
static int32_t a[N * N], b[N * N], c[N * N];

int main(void)
{
  uint32_t seed = 0x3c6ef372;
  for (unsigned k = 0; k < N * N; k++) {
    a[k] = (int32_t)(xorshift32(&seed) % 17) - 8;
    b[k] = (int32_t)(xorshift32(&seed) % 17) - 8;
  }
  for (uint32_t i = 0, n = iterations; i < n; i++) {
    matmul(a, b, c, N);
    for (unsigned k = 0; k < N * N; k++) a[k] = (c[k] >> 8) ^ (int32_t)(k + i);
  }
  crc32_init();
  sh_put_hex("crc", crc32(c, sizeof c));
  return 0;
}
