/* Reset and the vector table: copy .data, clear .bss, run main, exit through semihosting. */
#include <stdint.h>
#include <string.h>

#include "semihost.h"

extern uint32_t _stack_top, _data_load, _data_start, _data_end, _bss_start, _bss_end;
int main(void);

void Reset_Handler(void) __attribute__((noreturn));
void Reset_Handler(void)
{
#ifdef __ARM_FP
  /* Code built for the FPU: CP10 and CP11 full access (CPACR) before any FP instruction. */
  *(volatile uint32_t *)0xe000ed88 |= 0xfu << 20;
  __asm__ volatile("dsb\n\tisb" : : : "memory");
#endif
  memcpy(&_data_start, &_data_load, (uintptr_t)&_data_end - (uintptr_t)&_data_start);
  memset(&_bss_start, 0, (uintptr_t)&_bss_end - (uintptr_t)&_bss_start);
  sh_exit(main());
}

/* Any exception is a failure: the core halts on the BKPT with a non-zero exit. */
static void Fault_Handler(void) { sh_exit(1); }

__attribute__((section(".vectors"), used)) static const void *const vectors[16] = {
    &_stack_top,    Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler,  0,             0,             0,             0,             Fault_Handler,
    Fault_Handler,  0,             Fault_Handler, Fault_Handler,
};

/* newlib-nano's stubs (nosys.specs) want this for abort(); never reached in these programs. */
void _exit(int status) { sh_exit(status); }
