/*
 * sum.c: 1 + 2 + 3 + 4 + 5, the C version of sum.s.
 *
 *   npm run firmware && npx loom run firmware/build/sum.elf
 *
 * ends with R0 = 15 and the PC on a `b .`: the startup code (startup/startup.c) leaves main's
 * result in R0 and stops there. Compare `npx loom disasm firmware/build/sum.elf` with sum.s:
 * gcc keeps the loop (the `volatile` limit stops it from adding up the numbers at compile time
 * and is read again each time round), counts up instead of down, and compares with CMP where
 * sum.s lets SUBS set the flags.
 */
volatile int last = 5;

int main(void)
{
  int sum = 0;
  for (int i = 1; i <= last; i++) sum += i;
  return sum;
}
