/*
 * The exception model, as firmware sees it: SVC, PendSV, SysTick and NVIC interrupts at chosen
 * priorities, nesting, tail-chaining, masking, and faults raised on purpose. Every handler records
 * what it saw (order, EXC_RETURN, IPSR, stacked frames, fault status registers) and main prints
 * it through semihosting, so that the same ELF can be compared line by line under QEMU and Loom.
 */
#include <stdint.h>

#include "semihost.h"

#define REG(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))
#define ICSR REG(0xE000ED04)
#define VTOR REG(0xE000ED08)
#define AIRCR REG(0xE000ED0C)
#define CCR REG(0xE000ED14)
#define SHPR2 REG(0xE000ED1C)
#define SHPR3 REG(0xE000ED20)
#define SHCSR REG(0xE000ED24)
#define CFSR REG(0xE000ED28)
#define HFSR REG(0xE000ED2C)
#define MMFAR REG(0xE000ED34)
#define BFAR REG(0xE000ED38)
#define SYST_CSR REG(0xE000E010)
#define SYST_RVR REG(0xE000E014)
#define SYST_CVR REG(0xE000E018)
#define NVIC_ISER0 REG(0xE000E100)
#define NVIC_ICER0 REG(0xE000E180)
#define NVIC_ISPR0 REG(0xE000E200)
#define NVIC_ICPR0 REG(0xE000E280)
#define NVIC_IABR0 REG(0xE000E300)
#define NVIC_IPR(n) REG8(0xE000E400 + (n))
#define STIR REG(0xE000EF00)
#define MPU_CTRL REG(0xE000ED94)
#define MPU_RBAR REG(0xE000ED9C)
#define MPU_RASR REG(0xE000EDA0)
#define CPACR REG(0xE000ED88)
#define FPCCR REG(0xE000EF34)
#define FPCAR REG(0xE000EF38)
/*
 * FPCCR as ARMv7-M defines it: QEMU also sets bit 10, UFRDY, which only ARMv8-M has (ARMv7-M
 * reserves it); the Cortex-M7 does not.
 */
#define FPCCR_V7M (FPCCR & ~(1u << 10))

/* ARM asks for DSB and ISB after a change that should take effect at once (pending, masks). */
#define SYNC() __asm__ volatile("dsb\n isb" ::: "memory")

#define ICSR_PENDSVSET (1u << 28)
#define SHCSR_ENABLES (7u << 16)
#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP (1u << 4)

/* What the handlers record: a log of words, printed at the end. */
static volatile uint32_t log_words[256];
static volatile unsigned log_count;

static void record(uint32_t word)
{
  if (log_count < sizeof log_words / sizeof log_words[0]) log_words[log_count++] = word;
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

/* --- The vector table, in RAM (VTOR needs 512-byte alignment for 16 + 32 entries). --- */

typedef void (*handler_t)(void);
static handler_t vector_table[48] __attribute__((aligned(512)));

/* A handler's entry: LR (EXC_RETURN), IPSR, then its own mark. */
#define ENTER(mark)                                                                    \
  do {                                                                                 \
    uint32_t lr;                                                                       \
    __asm__ volatile("mov %0, lr" : "=r"(lr));                                         \
    record(mark);                                                                      \
    record(lr);                                                                        \
    record(get_ipsr());                                                                \
  } while (0)

/*
 * In an SVC taken with the thread's FP context active (FPCCR.LSPACT set, the FP part of its
 * frame reserved at FPCAR): the MPU makes 32 bytes of that space read-only, and the handler's
 * first FP instruction must preserve the thread's S0-S15 there. The write fails: MemManage with
 * MLSPERR, taken before the VADD (it preempts the SVC), LSPACT still set. With FPCAR moved to
 * an address nobody answers, BusFault with LSPERR. With both put right the next VADD preserves
 * the state and LSPACT clears; the thread gets its S0 back on return.
 */
static void lazy_fp_fault(void)
{
  uint32_t fpcar = FPCAR;
  record(0x1a);
  record(FPCCR_V7M);
  MPU_RBAR = ((fpcar + 31u) & ~31u) | (1u << 4) | 1u;
  MPU_RASR = (6u << 24) | (4u << 1) | 1u;
  MPU_CTRL = 5;
  SYNC();
  __asm__ volatile(".inst.w 0xee300a00" ::: "memory"); /* vadd.f32 s0, s0, s0 */
  record(FPCCR_V7M);
  MPU_CTRL = 0;
  SYNC();
  /* FPCAR moved where nothing answers: the bus refuses the preservation, BusFault LSPERR. */
  FPCAR = BUS_ERROR_ADDRESS;
  __asm__ volatile(".inst.w 0xee300a00" ::: "memory"); /* vadd.f32 s0, s0, s0 */
  record(FPCCR_V7M);
  FPCAR = fpcar;
  __asm__ volatile(".inst.w 0xee300a00" ::: "memory"); /* vadd.f32 s0, s0, s0 */
  record(FPCCR_V7M);
}

/* SVC: records the whole stacked frame (the C wrapper passes the frame pointer). */
void svc_c(uint32_t *frame, uint32_t exc_return)
{
  record(0x5c);
  record(exc_return);
  record(get_ipsr());
  for (int k = 0; k < 8; k++) record(frame[k]);
  /* Frame alignment: was the stack realigned (xPSR bit 9)? */
  record(((uintptr_t)frame) & 7);
  if (frame[0] == 0xAA) ICSR = ICSR_PENDSVSET; /* PendSV, to tail-chain */
  if (frame[0] == 0xCC) lazy_fp_fault();
  if (frame[0] == 0xBB) {
    /* Privileged again: the thread comes back with CONTROL.nPRIV = 0. */
    __asm__ volatile("msr control, %0" ::"r"(get_control() & ~1u) : "memory");
  }
}

__attribute__((naked)) static void svc_handler(void)
{
  __asm__ volatile("tst lr, #4\n"
                   "ite eq\n"
                   "mrseq r0, msp\n"
                   "mrsne r0, psp\n"
                   "mov r1, lr\n"
                   "b svc_c\n");
}

static void pendsv_handler(void)
{
  ENTER(0xe);
  record(ICSR & 0x1ff);
}

static volatile unsigned systick_count;

static void systick_handler(void)
{
  if (systick_count < 3) ENTER(0xf);
  if (++systick_count == 3) SYST_CSR = 0;
}

/* IRQ 0 pends IRQ 1 (higher priority: nests) and IRQ 2 (lower: runs after, tail-chained). */
static void irq0_handler(void)
{
  ENTER(0x10);
  record(NVIC_IABR0);
  NVIC_ISPR0 = 1u << 1;
  SYNC();
  record(0x100);
  NVIC_ISPR0 = 1u << 2;
  SYNC();
  record(0x101);
  record(NVIC_ISPR0);
}

static void irq1_handler(void)
{
  ENTER(0x11);
  record(NVIC_IABR0);
}

static void irq2_handler(void)
{
  ENTER(0x12);
  record(NVIC_IABR0);
}

static void irq3_handler(void) { ENTER(0x13); }

/* --- Faults: the handler records the status, then skips the faulting instruction. --- */

void fault_c(uint32_t *frame, uint32_t exc_return)
{
  uint32_t cfsr = CFSR, hfsr = HFSR;
  record(0xfa);
  record(get_ipsr());
  record(exc_return);
  record(cfsr);
  record(hfsr);
  if (cfsr & (1u << 7)) record(MMFAR);
  if (cfsr & (1u << 15)) record(BFAR);
  record(frame[6]); /* the faulting instruction */
  CFSR = cfsr;      /* write-one-to-clear */
  HFSR = hfsr;
  if (cfsr & (1u << 17)) {
    /* INVSTATE: the return address is an even target; resume at the recovery point. */
    extern void invstate_return(void);
    frame[6] = (uint32_t)invstate_return & ~1u;
    frame[7] |= 1u << 24;
    return;
  }
  if (cfsr & 1u) {
    /* IACCVIOL: the called code may not be executed; return to its caller with r0 = 0xdead. */
    frame[0] = 0xdead;
    frame[6] = frame[5] & ~1u;
    return;
  }
  /* An escalated SVC (no CFSR bit) returns after the SVC already. */
  if (cfsr == 0) return;
  uint16_t hw = *(uint16_t *)frame[6];
  frame[6] += (hw >> 11) >= 0x1d ? 4 : 2;
}

__attribute__((naked)) static void fault_handler(void)
{
  __asm__ volatile("tst lr, #4\n"
                   "ite eq\n"
                   "mrseq r0, msp\n"
                   "mrsne r0, psp\n"
                   "mov r1, lr\n"
                   "b fault_c\n");
}

/* 32 bytes of code that region 1 of the MPU lets only privileged code execute. */
__attribute__((naked, noinline, aligned(32))) static uint32_t privileged_code(void)
{
  __asm__ volatile("movs r0, #0x71\n"
                   "bx lr\n"
                   ".p2align 5\n"); /* the region's 32 bytes hold nothing else */
}

/* --- The scenarios. --- */

static void svc_scenarios(void)
{
  register uint32_t r0 __asm__("r0") = 0x10;
  register uint32_t r1 __asm__("r1") = 0x11;
  register uint32_t r2 __asm__("r2") = 0x12;
  register uint32_t r3 __asm__("r3") = 0x13;
  __asm__ volatile("mov r12, #0x1c\n"
                   "svc #1\n"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   :
                   : "r12", "memory");
  /* The same from a stack that is 4 mod 8: realigned, xPSR bit 9 set. */
  __asm__ volatile("sub sp, #4\n"
                   "movs r0, #0x20\n"
                   "svc #2\n"
                   "add sp, #4\n"
                   :
                   :
                   : "r0", "r1", "r2", "r3", "r12", "lr", "memory");
  /* SVC (priority 0x40) pends PendSV (0x80): PendSV runs when SVC returns. */
  __asm__ volatile("movs r0, #0xAA\n"
                   "svc #3\n"
                   :
                   :
                   : "r0", "r1", "r2", "r3", "r12", "lr", "memory");
  record(0x5d);
}

static void psp_scenario(void)
{
  static uint32_t process_stack[64] __attribute__((aligned(8)));
  uint32_t psp = (uint32_t)&process_stack[64];
  __asm__ volatile("msr psp, %0\n"
                   "movs r0, #2\n"
                   "msr control, r0\n"
                   "isb\n"
                   "movs r0, #0x30\n"
                   "svc #4\n"
                   "movs r0, #0\n"
                   "msr control, r0\n"
                   "isb\n"
                   :
                   : "r"(psp)
                   : "r0", "r1", "r2", "r3", "r12", "lr", "memory");
  record(get_control());
}

static void nvic_scenarios(void)
{
  NVIC_IPR(0) = 0x80;
  NVIC_IPR(1) = 0x40;
  NVIC_IPR(2) = 0xc0;
  NVIC_IPR(3) = 0x60;
  NVIC_ISER0 = 0xf;
  STIR = 0;
  SYNC();
  record(0x1f);

  /* Masked by PRIMASK, then released: the higher priority first. */
  __asm__ volatile("cpsid i" ::: "memory");
  NVIC_ISPR0 = (1u << 3) | (1u << 2);
  record(NVIC_ISPR0);
  record(ICSR & 0x7ff000);
  __asm__ volatile("cpsie i" ::: "memory");
  SYNC();
  record(0x2f);

  /* BASEPRI 0x80 holds IRQ 2 (0xc0) but not IRQ 3 (0x60). */
  __asm__ volatile("msr basepri, %0" ::"r"(0x80) : "memory");
  NVIC_ISPR0 = (1u << 2) | (1u << 3);
  SYNC();
  record(0x3f);
  __asm__ volatile("msr basepri, %0" ::"r"(0) : "memory");
  SYNC();
  record(0x4f);

  /* PRIGROUP 5: groups of 0x40 (bits 7:6); IRQ 3 (0x60) and IRQ 1 (0x40) share group 0x40. */
  AIRCR = 0x05FA0000 | (5u << 8);
  NVIC_IPR(3) = 0x70;
  __asm__ volatile("cpsid i" ::: "memory");
  NVIC_ISPR0 = (1u << 3) | (1u << 1);
  __asm__ volatile("cpsie i" ::: "memory");
  SYNC();
  record(0x5f);
  AIRCR = 0x05FA0000;
  NVIC_ICER0 = 0xf;
}

static void systick_scenario(void)
{
  SHPR3 = (SHPR3 & 0x00ffffff) | (0x20u << 24);
  SYST_RVR = 999;
  SYST_CVR = 0;
  SYST_CSR = 7;
  /* Test and sleep with PRIMASK set: a tick between the test and WFI still wakes it. */
  for (;;) {
    __asm__ volatile("cpsid i" ::: "memory");
    if (systick_count >= 3) break;
    __asm__ volatile("wfi\n cpsie i\n isb" ::: "memory");
  }
  __asm__ volatile("cpsie i\n isb" ::: "memory");
  record(0x6f);
  record(SYST_CSR & 0x10007);
}

void invstate_return(void);

static void fault_scenarios(void)
{
  /* UsageFault disabled: UDF escalates to a FORCED HardFault. */
  __asm__ volatile("udf #7" ::: "memory");
  record(0x7f);
  /* Enabled UsageFault, BusFault and MemManage from here on. */
  SHCSR |= SHCSR_ENABLES;
  SYNC();
  __asm__ volatile("udf #8" ::: "memory");
  /* Division by zero traps once DIV_0_TRP is set. */
  volatile uint32_t zero = 0, seven = 7, q;
  q = seven / zero;
  record(q);
  CCR |= CCR_DIV_0_TRP;
  SYNC();
  q = seven / zero;
  CCR &= ~CCR_DIV_0_TRP;
  /* LDRD never allows an unaligned address; LDR does unless UNALIGN_TRP. */
  static uint32_t words[4] = {1, 2, 3, 4};
  uint32_t lo, hi;
  uintptr_t odd = (uintptr_t)&words[0] + 2;
  __asm__ volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(odd) : "memory");
  __asm__ volatile("ldr %0, [%1]" : "=r"(lo) : "r"(odd) : "memory");
  record(lo);
  CCR |= CCR_UNALIGN_TRP;
  SYNC();
  __asm__ volatile("ldr %0, [%1]" : "=r"(lo) : "r"(odd) : "memory");
  CCR &= ~CCR_UNALIGN_TRP;
  SYNC();
  /* A branch to an even address: INVSTATE, taken at the target. */
  __asm__ volatile("ldr r0, =0x100\n"
                   "bx r0\n"
                   ".global invstate_return\n"
                   ".thumb_func\n"
                   "invstate_return:\n"
                   :
                   :
                   : "r0", "memory");
  record(0x8f);
  /* SVC with PRIMASK set cannot be taken: a FORCED HardFault. */
  __asm__ volatile("cpsid i\n"
                   "svc #9\n"
                   "cpsie i\n" ::
                       : "memory");
  /* A floating-point instruction with CPACR at its reset value (no access): NOCP. */
  __asm__ volatile(".inst.w 0xee300a00" ::: "memory"); /* vadd.f32 s0, s0, s0 */
  record(0x8e);
  /* A load from an address nobody answers: a precise BusFault with BFAR. */
  volatile uint32_t *nowhere = (uint32_t *)BUS_ERROR_ADDRESS;
  lo = *nowhere;
  record(0x9f);
  /*
   * The MPU: region 0 is 32 bytes over `guarded`, read-only for everyone (AP = 110); privileged
   * code keeps the default map elsewhere (PRIVDEFENA). A store there is a MemManage DACCVIOL.
   */
  static volatile uint32_t guarded[8] __attribute__((aligned(32))) = {7};
  MPU_RBAR = (uint32_t)guarded | (1u << 4);
  MPU_RASR = (6u << 24) | (4u << 1) | 1u;
  MPU_CTRL = 5;
  SYNC();
  record(guarded[0]);
  guarded[1] = 9;
  MPU_CTRL = 0;
  SYNC();
  record(guarded[1]);
  record(0xaf);
  /*
   * The MPU and privilege: region 0 lets everyone do everything everywhere (4 GB, AP = 011);
   * region 1 over `privileged_code` lets only privileged code in (AP = 001). Run privileged it
   * returns 0x71; run again after CONTROL.nPRIV = 1 (the same instructions, already executed),
   * its fetch is a MemManage IACCVIOL. An SVC brings privilege back.
   */
  MPU_RBAR = 0u | (1u << 4) | 0u;
  MPU_RASR = (3u << 24) | (31u << 1) | 1u;
  MPU_RBAR = ((uint32_t)privileged_code & ~31u) | (1u << 4) | 1u;
  MPU_RASR = (1u << 24) | (4u << 1) | 1u;
  MPU_CTRL = 5;
  SYNC();
  record(privileged_code());
  __asm__ volatile("msr control, %0\n isb" ::"r"(get_control() | 1u) : "memory");
  record(get_control());
  record(privileged_code());
  __asm__ volatile("mov r0, #0xBB\n svc #1" ::: "r0", "r1", "r2", "r3", "r12", "lr", "memory");
  record(get_control());
  MPU_CTRL = 0;
  SYNC();
  record(0xbf);
  /* Lazy FP state preservation that the MPU refuses (see lazy_fp_fault). */
  CPACR |= 0xfu << 20;
  SYNC();
  uint32_t s0;
  __asm__ volatile("mov r0, %1\n"
                   ".inst.w 0xee000a10\n" /* vmov s0, r0: the thread's FP context is active */
                   "mov r0, #0xCC\n"
                   "svc #2\n"
                   ".inst.w 0xee100a10\n" /* vmov r0, s0 */
                   "mov %0, r0\n"
                   : "=r"(s0)
                   : "r"(0x3f800000u)
                   : "r0", "r1", "r2", "r3", "r12", "lr", "memory");
  record(s0);
  record(0xcf);
}

int main(void)
{
  for (int k = 0; k < 48; k++) vector_table[k] = fault_handler;
  vector_table[11] = svc_handler;
  vector_table[14] = pendsv_handler;
  vector_table[15] = systick_handler;
  vector_table[16] = irq0_handler;
  vector_table[17] = irq1_handler;
  vector_table[18] = irq2_handler;
  vector_table[19] = irq3_handler;
  VTOR = (uint32_t)vector_table;
  SHPR2 = 0x40u << 24; /* SVCall 0x40 */
  SHPR3 = 0x80u << 16; /* PendSV 0x80 */

  svc_scenarios();
  psp_scenario();
  nvic_scenarios();
  systick_scenario();
  fault_scenarios();

  sh_put_hex("records", log_count);
  sh_dump((const void *)log_words, log_count);
  return 0;
}
