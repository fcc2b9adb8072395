/*
 * The FPU test: single-precision C compiled for the FPU (-mfpu=fpv5-sp-d16 -mfloat-abi=hard),
 * printed through newlib's snprintf and semihosting. A series, a polynomial, square roots,
 * fused multiply-adds, conversions and FPv5's rounding instructions, in every rounding mode and
 * with flush-to-zero; each result as text and as its bits, each group with FPSCR's flags.
 * float.test.ts runs it on Loom and on QEMU and recomputes the round-to-nearest results.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "semihost.h"

#define FPSCR_FZ (1u << 24)
#define FPSCR_RMODE_SHIFT 22
#define FPSCR_FLAGS 0x9fu

static uint32_t bits(float f)
{
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static float from_bits(uint32_t u)
{
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static uint32_t get_fpscr(void)
{
  uint32_t v;
  __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
  return v;
}

static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v) : "memory"); }

static void line(const char *text) { sh_write0(text); }

/* "name = 0.333333343 (3eaaaaab)" */
static void print(const char *name, float f)
{
  char text[80];
  snprintf(text, sizeof text, "%s = %.9g (%08lx)\n", name, (double)f, (unsigned long)bits(f));
  line(text);
}

/* FPSCR's cumulative flags since the last call, which clears them. */
static void flags(const char *group)
{
  char text[64];
  uint32_t fpscr = get_fpscr();
  snprintf(text, sizeof text, "%s flags = %02lx\n", group, (unsigned long)(fpscr & FPSCR_FLAGS));
  line(text);
  set_fpscr(fpscr & ~FPSCR_FLAGS);
}

/* Values the compiler must not fold: it would compute them in its own arithmetic. */
static volatile float v_one = 1.0f, v_two = 2.0f, v_three = 3.0f, v_tiny = 1e-30f;
static volatile float v_third = 0.333333343f, v_big = 3.0e38f, v_neg = -2.5f;
static volatile uint32_t v_min_normal = 0x00800000, v_denormal = 0x00000123;
static volatile int32_t v_int = 16777217; /* 2^24 + 1 */

static float harmonic(int n)
{
  float s = 0.0f;
  for (int k = 1; k <= n; k++) s += v_one / (float)k;
  return s;
}

/* sin(x) by its Taylor polynomial to x^9, Horner's rule with fused multiply-adds. */
static float sin_poly(float x)
{
  float x2 = x * x;
  float p = 1.0f / 362880.0f;
  p = fmaf(p, x2, -1.0f / 5040.0f);
  p = fmaf(p, x2, 1.0f / 120.0f);
  p = fmaf(p, x2, -1.0f / 6.0f);
  p = fmaf(p, x2, 1.0f);
  return p * x;
}

/* 1/sqrt(x) by Newton's method from the classic bit-level guess. */
static float rsqrt(float x)
{
  float y = from_bits(0x5f3759df - (bits(x) >> 1));
  for (int k = 0; k < 4; k++) y = y * (1.5f - 0.5f * x * y * y);
  return y;
}

static void arithmetic(void)
{
  print("harmonic(1000)", harmonic(1000));
  print("1/3", v_one / v_three);
  print("2/3", v_two / v_three);
  print("sqrt(2)", sqrtf(v_two));
  print("sqrt(3)", sqrtf(v_three));
  print("sin_poly(0.5)", sin_poly(0.5f * v_one));
  print("rsqrt(3)", rsqrt(v_three));
  print("fma(1/3,3,-1)", fmaf(v_third, v_three, -v_one));
  print("1/3*3-1", v_third * v_three - v_one);
  flags("arithmetic");
}

static void conversions(void)
{
  char text[96];
  float f = (float)v_int; /* 2^24 + 1 rounds to even: 2^24 */
  print("(float)(2^24+1)", f);
  snprintf(text, sizeof text, "(int)-2.5 = %d, (unsigned)3e9f = %u\n", (int)v_neg,
           (unsigned)(3.0e9f * v_one));
  line(text);
  print("roundf(-2.5)", roundf(v_neg));
  print("rintf(-2.5)", rintf(v_neg));
  print("floorf(-2.5)", floorf(v_neg));
  print("ceilf(-2.5)", ceilf(v_neg));
  print("truncf(-2.5)", truncf(v_neg));
  print("fmaxf(nan,2)", fmaxf(nanf(""), v_two));
  print("fminf(-0,0)", fminf(-0.0f * v_one, 0.0f * v_one));
  __fp16 h = v_third;
  print("(__fp16)1/3", (float)h);
  h = v_big;
  print("(__fp16)3e38", (float)h);
  flags("conversions");
}

static void special(void)
{
  volatile float zero = 0.0f;
  print("1/0", v_one / zero);
  print("0/0", zero / zero);
  print("big*big", v_big * v_big);
  print("tiny*tiny", v_tiny * v_tiny);
  print("sqrt(-1)", sqrtf(-v_one));
  line(v_one / zero > v_big ? "inf > big\n" : "inf <= big\n");
  line(zero / zero == zero / zero ? "nan == nan\n" : "nan != nan\n");
  flags("special");
}

static void rounding_modes(void)
{
  static const char *const names[] = {"RN", "RP", "RM", "RZ"};
  for (uint32_t mode = 0; mode < 4; mode++) {
    char name[32];
    set_fpscr((get_fpscr() & ~(3u << FPSCR_RMODE_SHIFT)) | mode << FPSCR_RMODE_SHIFT);
    snprintf(name, sizeof name, "%s 1/3", names[mode]);
    print(name, v_one / v_three);
    snprintf(name, sizeof name, "%s -2/3", names[mode]);
    print(name, -v_two / v_three);
    snprintf(name, sizeof name, "%s harmonic(100)", names[mode]);
    print(name, harmonic(100));
    snprintf(name, sizeof name, "%s big+big", names[mode]);
    print(name, v_big + v_big);
    snprintf(name, sizeof name, "%s nearbyint(2.5)", names[mode]);
    print(name, nearbyintf(2.5f * v_one));
    set_fpscr(get_fpscr() & ~(3u << FPSCR_RMODE_SHIFT));
    flags(names[mode]);
  }
}

static void flush_to_zero(void)
{
  float min_normal = from_bits(v_min_normal), denormal = from_bits(v_denormal);
  print("min_normal/2", min_normal / v_two);
  print("denormal*2", denormal * v_two);
  flags("denormals");
  set_fpscr(get_fpscr() | FPSCR_FZ);
  print("FZ min_normal/2", min_normal / v_two);
  print("FZ denormal*2", denormal * v_two);
  set_fpscr(get_fpscr() & ~FPSCR_FZ);
  flags("FZ");
}

int main(void)
{
  arithmetic();
  conversions();
  special();
  rounding_modes();
  flush_to_zero();
  line("done\n");
  return 0;
}
