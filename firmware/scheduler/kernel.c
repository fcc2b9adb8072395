/*
 * The kernel's mechanics (kernel.h), as the Cortex-M7 invites: SysTick counts milliseconds and
 * wakes sleepers; PendSV, the lowest-priority exception, switches tasks once every other handler
 * has finished, the use ARMv7-M ARM B1.5.2 gives it.
 *
 * What a task's stack holds while it does not run, from the top down:
 *   the hardware frame the exception entry pushed: R0-R3, R12, LR, PC, xPSR, and with an FP
 *     context (EXC_RETURN bit 4 = 0) S0-S15 and FPSCR as well (B1.5.6, B1.5.7);
 *   what PendSV pushes: S16-S31 when the task has an FP context, then R4-R11 and its EXC_RETURN.
 * task->sp points at the last word pushed. A new task gets a made-up frame that "returns" to its
 * function in Thread mode on the process stack (PSP).
 */
#include "kernel.h"

#include <stddef.h>

#include "stm32f746.h"

#define EXC_RETURN_THREAD_PSP 0xFFFFFFFDu /* basic frame, Thread mode, PSP */
#define XPSR_T (1u << 24)

static struct task *tasks[MAX_TASKS];
static unsigned task_count;
/* The running task (NULL before the first switch). PendSV reads and writes it. */
struct task *current_task;
static volatile uint32_t ticks;

static void task_returned(void)
{
  /* A task's function returned: sleep for ever. */
  for (;;) task_sleep(0xFFFFFFFFu);
}

void task_create(struct task *task, const char *name, unsigned priority, task_fn fn, void *arg,
                 uint32_t *stack, uint32_t words)
{
  uint32_t *sp = stack + words;
  *--sp = XPSR_T;                   /* xPSR: Thumb state */
  *--sp = (uint32_t)fn;             /* PC */
  *--sp = (uint32_t)task_returned;  /* LR */
  for (int r = 0; r < 4; r++) *--sp = 0; /* R12, R3, R2, R1 */
  *--sp = (uint32_t)arg;            /* R0 */
  *--sp = EXC_RETURN_THREAD_PSP;    /* what PendSV pops into LR */
  for (int r = 0; r < 8; r++) *--sp = 0; /* R11 ... R4 */
  task->sp = sp;
  task->name = name;
  task->priority = priority;
  task->sleeping = 0;
  tasks[task_count++] = task;
}

uint32_t kernel_ticks(void) { return ticks; }

static void request_switch(void)
{
  SCB->ICSR = SCB_ICSR_PENDSVSET;
  __asm volatile("dsb\n isb" ::: "memory"); /* taken here, before the next instruction */
}

/* The ready task that should run: highest priority; among equals, the one after `current`. */
static struct task *best_ready(void)
{
  unsigned start = 0;
  for (unsigned k = 0; k < task_count; k++)
    if (tasks[k] == current_task) start = k + 1;
  struct task *best = NULL;
  for (unsigned n = 0; n < task_count; n++) {
    struct task *t = tasks[(start + n) % task_count];
    if (!t->sleeping && (best == NULL || t->priority > best->priority)) best = t;
  }
  return best;
}

void task_sleep_until(uint32_t tick)
{
  __asm volatile("cpsid i" ::: "memory");
  if ((int32_t)(tick - ticks) > 0) {
    current_task->wake_tick = tick;
    current_task->sleeping = 1;
  }
  __asm volatile("cpsie i" ::: "memory");
  request_switch();
}

void task_sleep(uint32_t ms) { task_sleep_until(ticks + ms); }

void SysTick_Handler(void)
{
  ticks++;
  for (unsigned k = 0; k < task_count; k++) {
    struct task *t = tasks[k];
    if (t->sleeping && (int32_t)(ticks - t->wake_tick) >= 0) t->sleeping = 0;
  }
  /* Preempt when a task that may run now (higher, or equal for a turn) is not the current. */
  struct task *best = best_ready();
  if (best != current_task) SCB->ICSR = SCB_ICSR_PENDSVSET;
}

/* Called by PendSV with interrupts off: picks the next task, returns its saved SP. */
uint32_t *kernel_next(void)
{
  current_task = best_ready();
  return current_task->sp;
}

__attribute__((naked)) void PendSV_Handler(void)
{
  __asm volatile(
      "  ldr r3, =current_task\n"
      "  ldr r2, [r3]\n"
      "  cbz r2, 1f\n"               /* the first switch: nothing to save */
      "  mrs r0, psp\n"
      "  tst lr, #0x10\n"            /* EXC_RETURN bit 4 clear: the task has an FP context */
      "  it eq\n"
      "  vstmdbeq r0!, {s16-s31}\n"  /* (the first FP instruction here also makes the core
                                        write the S0-S15 it had only reserved: lazy stacking) */
      "  stmdb r0!, {r4-r11, lr}\n"
      "  str r0, [r2]\n"             /* current_task->sp */
      "1:\n"
      "  cpsid i\n"
      "  bl kernel_next\n"
      "  cpsie i\n"
      "  ldmia r0!, {r4-r11, lr}\n"
      "  tst lr, #0x10\n"
      "  it eq\n"
      "  vldmiaeq r0!, {s16-s31}\n"
      "  msr psp, r0\n"
      "  bx lr\n");
}

void kernel_start(uint32_t hclk_hz)
{
  /* PendSV lowest (15), SysTick just above it (14): a switch waits for every other handler. */
  SCB->SHPR[EXC_PENDSV - 4] = 0xF0;
  SCB->SHPR[EXC_SYSTICK - 4] = 0xE0;
  SysTick->LOAD = hclk_hz / 1000u - 1u;
  SysTick->VAL = 0;
  SysTick->CTRL = SysTick_CTRL_CLKSOURCE | SysTick_CTRL_TICKINT | SysTick_CTRL_ENABLE;
  request_switch();
  for (;;) {
  } /* not reached: PendSV returns into the first task */
}
