/*
 * What a generated exception-sequence program (generator.ts, emit.ts) may use: the registers of
 * the system control space, the log, and writes that take effect at once. runtime.c holds the
 * fixed part (vector table, handler entry, faults, the printout); the generated file defines
 * scenario_setup(), scenario_thread() and scenario_handler().
 */
#ifndef EXC_FUZZ_RUNTIME_H
#define EXC_FUZZ_RUNTIME_H

#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))
#define ICSR_ADDR 0xE000ED04u
#define AIRCR_ADDR 0xE000ED0Cu
#define CCR_ADDR 0xE000ED14u
#define SHPR_ADDR(exc) (0xE000ED18u + (exc)-4u) /* SHPR1-3, one byte per exception 4-15 */
#define SHCSR_ADDR 0xE000ED24u
#define CFSR_ADDR 0xE000ED28u
#define HFSR_ADDR 0xE000ED2Cu
#define CPACR_ADDR 0xE000ED88u
#define SYST_CSR_ADDR 0xE000E010u
#define SYST_RVR_ADDR 0xE000E014u
#define SYST_CVR_ADDR 0xE000E018u
#define NVIC_ISER_ADDR 0xE000E100u
#define NVIC_ICER_ADDR 0xE000E180u
#define NVIC_ISPR_ADDR 0xE000E200u
#define NVIC_ICPR_ADDR 0xE000E280u
#define NVIC_IABR_ADDR 0xE000E300u
#define NVIC_IPR_ADDR(irq) (0xE000E400u + (irq))
#define STIR_ADDR 0xE000EF00u
#define FPCCR_ADDR 0xE000EF34u

/* ICSR (B3.2.4) */
#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSVCLR (1u << 27)
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSTCLR (1u << 25)
/* SHCSR (B3.2.13): MemManage, BusFault and UsageFault enables. */
#define SHCSR_USGFAULTENA (1u << 18)
/* CCR (B3.2.8) */
#define CCR_DIV_0_TRP (1u << 4)
/* FPCCR (B3.2.38): LSPEN, lazy stacking; ASPEN stays set. */
#define FPCCR_LSPEN (1u << 30)

/* The kinds of record in the log (report.ts decodes them): a header word, then its words. */
enum {
  REC_ENTRY = 1, /* an exception entry: see log_entry */
  REC_MARK = 2,  /* a point in the program: arg = its number */
  REC_STATE = 3, /* ICSR, ISPR0, IABR0, SHCSR, BASEPRI, PRIMASK, CONTROL */
  REC_FAULT = 4, /* CFSR, HFSR, the faulting instruction's address */
  REC_FP = 5,    /* S registers read back: arg = the register, one word */
  REC_FPFRAME = 6, /* the FP part of a frame: extended?, S0-S3 as stacked, FPSCR as stacked */
  REC_VALUE = 7, /* a value computed (a quotient): one word */
};

void record(uint32_t word);
void record_header(unsigned kind, unsigned words, unsigned arg);
void record_mark(unsigned mark);
void record_state(void);
void record_fp_frame(const uint32_t *frame, uint32_t exc_return);

/*
 * Writes whose effect (a pended or enabled interrupt, a new priority) must be seen before the
 * caller goes on: the store, DSB, ISB in one leaf (ARMv7-M ARM A3.7.3); an exception it
 * makes pending is taken inside, with the caller's registers as they were.
 */
void write_sync(uint32_t address, uint32_t value);
void write_sync8(uint32_t address, uint32_t value);
void set_basepri(uint32_t value);
void primask_set(void);
void primask_clear(void);
/* Thread mode on the process stack (CONTROL.SPSEL) for the length of `body`. */
void run_on_psp(void (*body)(void), uint32_t *stack_top);

/* The generated part. */
extern const unsigned scenario_psp;
void scenario_setup(void);
void scenario_thread(void);
void scenario_handler(unsigned exc, unsigned nth, uint32_t *frame, uint32_t exc_return);

#endif
