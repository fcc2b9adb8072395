/* Integer loop: multiply, add, shifts, xor, a data-dependent branch; no memory traffic. */
#include "iterations.h"
#include "kernels.h"
#include "semihost.h"

int main(void)
{
  uint32_t x = 1, y = 0x9e3779b9, count = 0;
  for (uint32_t i = 0, n = iterations; i < n; i++) {
    x = x * 1664525u + 1013904223u;
    y ^= x >> 7;
    y += (x << 3) | (y >> 29);
    if ((int32_t)y < 0) count++;
  }
  sh_put_hex("x", x);
  sh_put_hex("y", y);
  sh_put_hex("count", count);
  return 0;
}
