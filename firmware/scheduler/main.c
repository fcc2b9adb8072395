/*
 * scheduler/: four tasks on a small preemptive kernel (kernel.c), at 216 MHz.
 *
 *   npx loom run firmware/build/scheduler.elf --max-time 3.2 --trace-gpio
 *
 *   LD1 task, priority 4: toggles LD1 (green) every 100 ms
 *   LD2 task, priority 3: toggles LD2 (blue) every 250 ms
 *   LD3 task, priority 2: toggles LD3 (red) every 500 ms
 *   report task, priority 1: every second, prints on USART3 how often each LED has toggled
 *   idle task, priority 0: WFI until the next interrupt
 * Each LED task keeps its own clock in a float, which lives in an FP register (S16-S31) across
 * its sleeps: the context switch must save those too, or the clocks printed go wrong.
 * A task that wakes preempts any lower one, even in the middle of a printf: the report task is
 * the only one that prints after startup, so its lines stay whole.
 */
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "console.h"
#include "kernel.h"
#include "nucleo.h"
#include "stm32f746.h"

struct led {
  const char *name;
  unsigned pin;
  uint32_t half_period_ms;
  volatile uint32_t toggles;
  volatile float clock_seconds; /* the task's own idea of the time, summed in float */
};

static struct led leds[3] = {
    {"LD1", LD1_PIN, 100, 0, 0.0f},
    {"LD2", LD2_PIN, 250, 0, 0.0f},
    {"LD3", LD3_PIN, 500, 0, 0.0f},
};

static void blink(void *arg)
{
  struct led *led = arg;
  const float step = (float)led->half_period_ms / 1000.0f;
  float seconds = 0.0f;
  printf("%s task starts: a toggle every %lu ms\n", led->name, (unsigned long)led->half_period_ms);
  for (uint32_t wake = led->half_period_ms;; wake += led->half_period_ms) {
    task_sleep_until(wake);
    GPIOB->ODR ^= 1u << led->pin;
    seconds += step;
    led->clock_seconds = seconds;
    led->toggles++;
  }
}

static void report(void *arg)
{
  (void)arg;
  printf("report task starts: a line every second\n");
  for (uint32_t second = 1;; second++) {
    task_sleep_until(second * 1000u);
    printf("%lu s: toggles LD1 %lu, LD2 %lu, LD3 %lu; their clocks %lu, %lu, %lu ms\n",
           (unsigned long)second, (unsigned long)leds[0].toggles, (unsigned long)leds[1].toggles,
           (unsigned long)leds[2].toggles, (unsigned long)(leds[0].clock_seconds * 1000.0f + 0.5f),
           (unsigned long)(leds[1].clock_seconds * 1000.0f + 0.5f),
           (unsigned long)(leds[2].clock_seconds * 1000.0f + 0.5f));
  }
}

static void idle(void *arg)
{
  (void)arg;
  for (;;) __asm volatile("wfi");
}

static struct task led_tasks[3], report_task, idle_task;
static uint32_t led_stacks[3][256] __attribute__((aligned(8)));
static uint32_t report_stack[512] __attribute__((aligned(8)));
static uint32_t idle_stack[128] __attribute__((aligned(8)));

int main(void)
{
  clock_pll(8, 432);
  console_init(pclk1_hz);
  printf("scheduler: 5 tasks, a tick every ms at %lu MHz\n", (unsigned long)(hclk_hz / 1000000u));

  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  (void)RCC->AHB1ENR;
  for (int k = 0; k < 3; k++) {
    GPIOB->MODER = (GPIOB->MODER & ~(3u << (2 * leds[k].pin))) |
                   (GPIO_MODE_OUTPUT << (2 * leds[k].pin));
    task_create(&led_tasks[k], leds[k].name, 4 - k, blink, &leds[k], led_stacks[k], 256);
  }
  task_create(&report_task, "report", 1, report, NULL, report_stack, 512);
  task_create(&idle_task, "idle", 0, idle, NULL, idle_stack, 128);
  kernel_start(hclk_hz);
}
