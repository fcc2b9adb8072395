/*
 * rtic-style.c: tasks that are interrupt handlers, as RTIC (Rust's Real-Time Interrupt-driven
 * Concurrency) builds them: the NVIC is the scheduler. Each task is the handler of an interrupt
 * the program does not otherwise use (SPI4, SPI5, SPI6), its priority is that interrupt's, and
 * software releases a task by making its interrupt pending: NVIC_STIR or NVIC_ISPR. No kernel,
 * no stacks of its own: a task that preempts another runs on top of it, on the main stack.
 *
 *   npx loom run firmware/build/rtic-style.elf --trace-gpio
 *
 * Priorities (NVIC_IPR, lower value = more urgent): high 1, mid 2, low 3. Each task lights its
 * LED while it runs (low LD1, mid LD2, high LD3): in the GPIO trace the preemptions nest.
 *   1. main releases low. low releases high, which runs at once, inside low. high releases mid,
 *      which is less urgent than high: it waits, then runs when high returns, before low
 *      resumes (tail-chaining).
 *   2. low takes a lock on a counter it shares with mid, RTIC's way: BASEPRI = mid's priority
 *      masks every task up to mid's, and no other (the stack resource policy). low releases mid:
 *      pending, masked. low releases high: high is not masked, it runs. low unlocks: mid, still
 *      pending, runs at once.
 * Then the core sleeps with nothing left to happen, and Loom ends the run.
 */
#include <stdint.h>
#include <stdio.h>

#include "console.h"
#include "nucleo.h"
#include "stm32f746.h"

#define LOW_IRQn SPI4_IRQn
#define MID_IRQn SPI5_IRQn
#define HIGH_IRQn SPI6_IRQn
#define LOW_PRIORITY 3u
#define MID_PRIORITY 2u
#define HIGH_PRIORITY 1u

static uint32_t shared_counter; /* used by low and mid: low locks it */
static unsigned round_number;

static void led(unsigned pin, int on) { GPIOB->BSRR = on ? 1u << pin : 1u << (pin + 16); }

static unsigned active_irq(void)
{
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  return ipsr - 16;
}

static void release_now(unsigned irq)
{
  NVIC->STIR = irq;
  __asm volatile("dsb\n isb" ::: "memory"); /* a task that preempts runs before the next line */
}

static void release_pending(unsigned irq)
{
  nvic_set_pending(irq);
  __asm volatile("dsb\n isb" ::: "memory");
}

/* RTIC's lock: raise BASEPRI to the resource's ceiling (the most urgent user's priority). */
static uint32_t lock(unsigned ceiling)
{
  uint32_t before;
  __asm volatile("mrs %0, basepri" : "=r"(before));
  __asm volatile("msr basepri, %0" ::"r"(ceiling << 4) : "memory");
  return before;
}

static void unlock(uint32_t before)
{
  __asm volatile("msr basepri, %0\n isb" ::"r"(before) : "memory");
}

void SPI6_IRQHandler(void) /* high */
{
  led(LD3_PIN, 1);
  printf("  high (IRQ %u, priority %u) runs\n", active_irq(), HIGH_PRIORITY);
  if (round_number == 1) {
    printf("  high releases mid (ISPR): less urgent, it waits\n");
    release_pending(MID_IRQn);
  }
  printf("  high ends\n");
  led(LD3_PIN, 0);
}

void SPI5_IRQHandler(void) /* mid */
{
  led(LD2_PIN, 1);
  shared_counter += 10;
  printf("  mid (IRQ %u, priority %u) runs: counter %lu\n", active_irq(), MID_PRIORITY,
         (unsigned long)shared_counter);
  led(LD2_PIN, 0);
}

void SPI4_IRQHandler(void) /* low */
{
  led(LD1_PIN, 1);
  printf(" low (IRQ %u, priority %u) starts\n", active_irq(), LOW_PRIORITY);
  if (round_number == 1) {
    printf(" low releases high (STIR)\n");
    release_now(HIGH_IRQn);
    printf(" low resumes\n");
  } else {
    uint32_t before = lock(MID_PRIORITY);
    printf(" low locks the counter: BASEPRI = mid's priority\n");
    shared_counter += 1;
    printf(" low releases mid (ISPR): pending, masked\n");
    release_pending(MID_IRQn);
    printf(" low releases high (STIR): not masked\n");
    release_now(HIGH_IRQn);
    printf(" low unlocks, counter %lu\n", (unsigned long)shared_counter);
    unlock(before);
    printf(" low resumes after mid\n");
  }
  printf(" low ends\n");
  led(LD1_PIN, 0);
}

int main(void)
{
  console_init(16000000u); /* the 16 MHz HSI: APB1 = HCLK */
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  (void)RCC->AHB1ENR;
  const unsigned pins[] = {LD1_PIN, LD2_PIN, LD3_PIN};
  for (int k = 0; k < 3; k++)
    GPIOB->MODER = (GPIOB->MODER & ~(3u << 2 * pins[k])) | (GPIO_MODE_OUTPUT << 2 * pins[k]);

  nvic_set_priority(LOW_IRQn, LOW_PRIORITY);
  nvic_set_priority(MID_IRQn, MID_PRIORITY);
  nvic_set_priority(HIGH_IRQn, HIGH_PRIORITY);
  nvic_enable(LOW_IRQn);
  nvic_enable(MID_IRQn);
  nvic_enable(HIGH_IRQn);

  for (round_number = 1; round_number <= 2; round_number++) {
    printf("round %u: main releases low (STIR)\n", round_number);
    release_now(LOW_IRQn);
  }
  printf("main: all tasks done, counter %lu\n", (unsigned long)shared_counter);
  console_flush();
  for (;;) __asm volatile("wfi");
}
