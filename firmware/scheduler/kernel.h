/*
 * A small preemptive kernel: tasks with their own stacks and fixed priorities, a 1 ms tick from
 * SysTick, and the context switch in PendSV. The highest-priority ready task runs; tasks of the
 * same priority take turns, one tick each; a task that sleeps lets lower ones run.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdint.h>

#define MAX_TASKS 8

struct task {
  uint32_t *sp; /* first: the context switch saves and loads it at offset 0 */
  const char *name;
  unsigned priority; /* higher runs first; 0 is the idle task's */
  uint32_t wake_tick;
  uint8_t sleeping;
};

typedef void (*task_fn)(void *arg);

/* A task that will run `fn(arg)` on `stack` (`words` 32-bit words, 8-byte aligned). */
void task_create(struct task *task, const char *name, unsigned priority, task_fn fn, void *arg,
                 uint32_t *stack, uint32_t words);

/* Starts the tick at `hclk_hz` / 1000 cycles and switches to the highest-priority task. */
void kernel_start(uint32_t hclk_hz) __attribute__((noreturn));

/* Milliseconds since kernel_start. */
uint32_t kernel_ticks(void);

/* Sleeps until the tick counter reaches `tick` (at once if it has). */
void task_sleep_until(uint32_t tick);
void task_sleep(uint32_t ms);

#endif
