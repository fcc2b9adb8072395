/* Memory copies: newlib's memcpy, memmove and memset over 16 KB buffers. */
#include <string.h>

#include "iterations.h"
#include "kernels.h"
#include "semihost.h"

#define BYTES 16384
static uint8_t src[BYTES], dst[BYTES];

int main(void)
{
  uint32_t seed = 0x2545f491;
  for (unsigned i = 0; i < BYTES; i++) src[i] = (uint8_t)xorshift32(&seed);
  for (uint32_t i = 0, n = iterations; i < n; i++) {
    memcpy(dst, src, BYTES);
    memmove(dst + 3, dst, BYTES / 2);
    memset(src + 64, (int)i, 64);
  }
  crc32_init();
  sh_put_hex("crc", crc32(dst, BYTES));
  return 0;
}
