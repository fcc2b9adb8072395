/*
 * The fixed part of a generated exception-sequence program: every exception enters through one
 * stub that logs what the handler sees, then runs the generated script for that exception and
 * invocation; faults raised on purpose are logged and skipped. main() runs the scenario and
 * prints the log through semihosting, so Loom and QEMU can be compared line by line.
 */
#include "runtime.h"

#include "semihost.h"

/* Why the program ended (the first line it prints). */
enum { END_DONE = 0, END_RUNAWAY = 1, END_UNEXPECTED_EXCEPTION = 2, END_UNEXPECTED_FAULT = 3 };

#define LOG_WORDS 4096u
#define MAX_ENTRIES 200u

static uint32_t log_words[LOG_WORDS];
static unsigned log_count;
static unsigned entries;
static unsigned counts[48];

void record(uint32_t word)
{
  if (log_count < LOG_WORDS) log_words[log_count++] = word;
}

void record_header(unsigned kind, unsigned words, unsigned arg)
{
  record(0xC0000000u | (kind << 20) | (words << 12) | (arg & 0xfffu));
}

void record_mark(unsigned mark) { record_header(REC_MARK, 0, mark); }

static __attribute__((noreturn)) void finish(unsigned reason)
{
  __asm__ volatile("cpsid i" ::: "memory");
  sh_put_hex("end", reason);
  sh_put_hex("records", log_count);
  sh_dump(log_words, log_count);
  sh_exit(0);
}

static uint32_t get_ipsr(void)
{
  uint32_t v;
  __asm__ volatile("mrs %0, ipsr" : "=r"(v));
  return v;
}

static uint32_t get_control(void)
{
  uint32_t v;
  __asm__ volatile("mrs %0, control" : "=r"(v));
  return v;
}

static uint32_t get_basepri(void)
{
  uint32_t v;
  __asm__ volatile("mrs %0, basepri" : "=r"(v));
  return v;
}

static uint32_t get_primask(void)
{
  uint32_t v;
  __asm__ volatile("mrs %0, primask" : "=r"(v));
  return v;
}

/*
 * ICSR without ISRPREEMPT (for debuggers) and, in Thread mode, without RETTOBASE (UNKNOWN
 * there, B3.2.4).
 */
static uint32_t icsr_seen(void)
{
  uint32_t mask = 0x1ffu | (0x1ffu << 12) | (1u << 22) | ICSR_PENDSTSET | ICSR_PENDSVSET;
  if (get_ipsr() != 0) mask |= 1u << 11;
  return REG(ICSR_ADDR) & mask;
}

/* FPCCR as ARMv7-M defines it: QEMU also sets bit 10, UFRDY, which ARMv7-M reserves. */
static uint32_t fpccr_v7m(void) { return REG(FPCCR_ADDR) & ~(1u << 10); }

void record_state(void)
{
  record_header(REC_STATE, 7, 0);
  record(icsr_seen());
  record(REG(NVIC_ISPR_ADDR));
  record(REG(NVIC_IABR_ADDR));
  record(REG(SHCSR_ADDR));
  record(get_basepri());
  record(get_primask());
  record(get_control());
}

void record_fp_frame(const uint32_t *frame, uint32_t exc_return)
{
  /* EXC_RETURN bit 4 clear: the frame has the FP part, S0-S15 at +32, FPSCR at +96 (B1.5.6). */
  int extended = (exc_return & 0x10u) == 0;
  record_header(REC_FPFRAME, 6, 0);
  record((uint32_t)extended);
  for (int k = 0; k < 4; k++) record(extended ? frame[8 + k] : 0);
  record(extended ? frame[24] : 0);
}

/* Exceptions the program takes synchronously, at an instruction of its own: SVC and faults. */
static int synchronous(unsigned exc) { return exc == 11 || (exc >= 3 && exc <= 6); }

/*
 * What every handler records first. An interrupt pended by software is taken somewhere between
 * the store and the ISB after it (B1.5.? leaves the moment to the implementation), so only a
 * synchronous exception's stacked PC is recorded; the rest of the frame is the same anywhere in
 * that window.
 */
static void log_entry(unsigned exc, unsigned nth, const uint32_t *frame, uint32_t exc_return)
{
  record_header(REC_ENTRY, 20, exc);
  record(nth);
  record(exc_return);
  record(get_ipsr());
  record((uint32_t)frame);
  for (int k = 0; k < 6; k++) record(frame[k]); /* R0-R3, R12, LR */
  record(synchronous(exc) ? frame[6] : 0);
  record(frame[7]); /* xPSR, bit 9: the stack was realigned */
  record(get_control());
  record(icsr_seen());
  record(REG(NVIC_ISPR_ADDR));
  record(REG(NVIC_IABR_ADDR));
  record(REG(SHCSR_ADDR));
  record(get_basepri());
  record(get_primask());
  record(fpccr_v7m());
}

/* A fault raised on purpose: record it, clear the status, go on after the instruction. */
static void handle_fault(uint32_t *frame)
{
  uint32_t cfsr = REG(CFSR_ADDR), hfsr = REG(HFSR_ADDR);
  record_header(REC_FAULT, 3, 0);
  record(cfsr);
  record(hfsr);
  record(frame[6]);
  REG(CFSR_ADDR) = cfsr; /* write-one-to-clear */
  REG(HFSR_ADDR) = hfsr;
  const uint32_t skipped = (1u << 16) | (1u << 19) | (1u << 25); /* UNDEFINSTR, NOCP, DIVBYZERO */
  if (cfsr & skipped) {
    uint16_t hw = *(const uint16_t *)frame[6];
    frame[6] += (hw >> 11) >= 0x1d ? 4 : 2;
  } else if (!(cfsr == 0 && (hfsr & (1u << 30)))) {
    /* Only an SVC that could not be taken escalates with nothing in CFSR; it returns past it. */
    finish(END_UNEXPECTED_FAULT);
  }
}

void exc_c(uint32_t *frame, uint32_t exc_return);
void exc_c(uint32_t *frame, uint32_t exc_return)
{
  unsigned exc = get_ipsr() & 0x1ffu;
  if (exc >= sizeof counts / sizeof counts[0]) finish(END_UNEXPECTED_EXCEPTION);
  unsigned nth = counts[exc]++;
  if (++entries > MAX_ENTRIES) finish(END_RUNAWAY);
  log_entry(exc, nth, frame, exc_return);
  if (exc >= 3 && exc <= 6)
    handle_fault(frame);
  else if (exc == 11 || exc >= 14)
    scenario_handler(exc, nth, frame, exc_return);
  else
    finish(END_UNEXPECTED_EXCEPTION);
}

/* Every vector: the frame is on the stack EXC_RETURN names (bit 2: PSP), B1.5.8. */
__attribute__((naked)) static void exc_entry(void)
{
  __asm__ volatile("tst lr, #4\n"
                   "ite eq\n"
                   "mrseq r0, msp\n"
                   "mrsne r0, psp\n"
                   "mov r1, lr\n"
                   "b exc_c\n");
}

__attribute__((naked)) void write_sync(uint32_t address, uint32_t value)
{
  (void)address;
  (void)value;
  __asm__ volatile("str r1, [r0]\n dsb\n isb\n bx lr\n");
}

__attribute__((naked)) void write_sync8(uint32_t address, uint32_t value)
{
  (void)address;
  (void)value;
  __asm__ volatile("strb r1, [r0]\n dsb\n isb\n bx lr\n");
}

__attribute__((naked)) void set_basepri(uint32_t value)
{
  (void)value;
  __asm__ volatile("msr basepri, r0\n isb\n bx lr\n");
}

__attribute__((naked)) void primask_set(void) { __asm__ volatile("cpsid i\n bx lr\n"); }

__attribute__((naked)) void primask_clear(void) { __asm__ volatile("cpsie i\n isb\n bx lr\n"); }

__attribute__((naked)) void run_on_psp(void (*body)(void), uint32_t *stack_top)
{
  (void)body;
  (void)stack_top;
  __asm__ volatile("push {r4, lr}\n"
                   "msr psp, r1\n"
                   "mrs r4, control\n"
                   "orr r4, r4, #2\n"
                   "msr control, r4\n"
                   "isb\n"
                   "blx r0\n"
                   "mrs r4, control\n"
                   "bic r4, r4, #2\n"
                   "msr control, r4\n"
                   "isb\n"
                   "pop {r4, pc}\n");
}

/* The vector table in RAM: 16 system exceptions and IRQs 0-31 (VTOR alignment, B3.2.5). */
typedef void (*handler_t)(void);
static handler_t vector_table[48] __attribute__((aligned(256)));
static uint32_t process_stack[512] __attribute__((aligned(8)));

int main(void)
{
  for (unsigned k = 2; k < 48; k++) vector_table[k] = exc_entry;
  REG(0xE000ED08u) = (uint32_t)vector_table; /* VTOR */
  __asm__ volatile("dsb\n isb" ::: "memory");
  scenario_setup();
  if (scenario_psp)
    run_on_psp(scenario_thread, &process_stack[512]);
  else
    scenario_thread();
  finish(END_DONE);
}
