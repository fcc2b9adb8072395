/* CRC-32 (table-driven) over a 4 KB buffer, again and again. */
#include "iterations.h"
#include "kernels.h"
#include "semihost.h"

#define BYTES 4096
static uint8_t buffer[BYTES];

int main(void)
{
  uint32_t seed = 0x6a09e667, crc = 0;
  for (unsigned i = 0; i < BYTES; i++) buffer[i] = (uint8_t)xorshift32(&seed);
  crc32_init();
  for (uint32_t i = 0, n = iterations; i < n; i++) crc = crc32_update(crc, buffer, BYTES);
  sh_put_hex("crc", crc);
  return 0;
}
