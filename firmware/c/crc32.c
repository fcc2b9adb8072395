#include "kernels.h"

static uint32_t table[256];

void crc32_init(void)
{
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t length)
{
  const uint8_t *p = data;
  crc = ~crc;
  while (length-- != 0) crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

uint32_t crc32(const void *data, size_t length) { return crc32_update(0, data, length); }
