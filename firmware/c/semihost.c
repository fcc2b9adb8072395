#include "semihost.h"

enum { SYS_WRITE0 = 0x04, SYS_EXIT = 0x18 };
enum { ADP_STOPPED_APPLICATION_EXIT = 0x20026, ADP_STOPPED_RUN_TIME_ERROR = 0x20023 };

static uint32_t semihost(uint32_t op, const void *arg)
{
  register uint32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void sh_write0(const char *text) { semihost(SYS_WRITE0, text); }

void sh_put_hex(const char *name, uint32_t value)
{
  char line[48];
  unsigned n = 0;
  while (*name != '\0' && n < sizeof line - 11) line[n++] = *name++;
  line[n++] = '=';
  for (int shift = 28; shift >= 0; shift -= 4) line[n++] = "0123456789abcdef"[(value >> shift) & 15];
  line[n++] = '\n';
  line[n] = '\0';
  sh_write0(line);
}

/* SYS_EXIT on a 32-bit target takes the reason code itself: QEMU exits 0 or 1. */
void sh_exit(int status)
{
  for (;;) {
    semihost(SYS_EXIT,
             (const void *)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUN_TIME_ERROR));
  }
}

void sh_dump(const void *data, unsigned words)
{
  const uint32_t *w = data;
  char line[8 * 9 + 1];
  for (unsigned i = 0; i < words; i += 8) {
    unsigned n = 0;
    for (unsigned k = i; k < words && k < i + 8; k++) {
      for (int shift = 28; shift >= 0; shift -= 4) line[n++] = "0123456789abcdef"[(w[k] >> shift) & 15];
      line[n++] = k + 1 < words && k + 1 < i + 8 ? ' ' : '\n';
    }
    line[n] = '\0';
    sh_write0(line);
  }
}
