/*
 * Reset and the vector table of the STM32F746, written for Loom's demos: the 16 words the
 * Cortex-M7 defines (ARMv7-M ARM B1.5.3) and the chip's 98 interrupts (RM0385 table 40), each a
 * weak alias of Default_Handler that a demo replaces by defining a function of the same name.
 */
#include <stdint.h>

#include "stm32f746.h"

/* From stm32f746.ld. */
extern uint32_t __stack_top, __data_load, __data_start, __data_end, __bss_start, __bss_end;

int main(void);
void Reset_Handler(void) __attribute__((noreturn));

/* An exception nobody handles: the core stays here, and the debugger's IPSR says which it was. */
void Default_Handler(void)
{
  for (;;) {
  }
}

#define HANDLER(name) void name(void) __attribute__((weak, alias("Default_Handler")))
HANDLER(NMI_Handler);
HANDLER(HardFault_Handler);
HANDLER(MemManage_Handler);
HANDLER(BusFault_Handler);
HANDLER(UsageFault_Handler);
HANDLER(SVC_Handler);
HANDLER(DebugMon_Handler);
HANDLER(PendSV_Handler);
HANDLER(SysTick_Handler);
HANDLER(WWDG_IRQHandler);
HANDLER(PVD_IRQHandler);
HANDLER(TAMP_STAMP_IRQHandler);
HANDLER(RTC_WKUP_IRQHandler);
HANDLER(FLASH_IRQHandler);
HANDLER(RCC_IRQHandler);
HANDLER(EXTI0_IRQHandler);
HANDLER(EXTI1_IRQHandler);
HANDLER(EXTI2_IRQHandler);
HANDLER(EXTI3_IRQHandler);
HANDLER(EXTI4_IRQHandler);
HANDLER(DMA1_Stream0_IRQHandler);
HANDLER(DMA1_Stream1_IRQHandler);
HANDLER(DMA1_Stream2_IRQHandler);
HANDLER(DMA1_Stream3_IRQHandler);
HANDLER(DMA1_Stream4_IRQHandler);
HANDLER(DMA1_Stream5_IRQHandler);
HANDLER(DMA1_Stream6_IRQHandler);
HANDLER(ADC_IRQHandler);
HANDLER(CAN1_TX_IRQHandler);
HANDLER(CAN1_RX0_IRQHandler);
HANDLER(CAN1_RX1_IRQHandler);
HANDLER(CAN1_SCE_IRQHandler);
HANDLER(EXTI9_5_IRQHandler);
HANDLER(TIM1_BRK_TIM9_IRQHandler);
HANDLER(TIM1_UP_TIM10_IRQHandler);
HANDLER(TIM1_TRG_COM_TIM11_IRQHandler);
HANDLER(TIM1_CC_IRQHandler);
HANDLER(TIM2_IRQHandler);
HANDLER(TIM3_IRQHandler);
HANDLER(TIM4_IRQHandler);
HANDLER(I2C1_EV_IRQHandler);
HANDLER(I2C1_ER_IRQHandler);
HANDLER(I2C2_EV_IRQHandler);
HANDLER(I2C2_ER_IRQHandler);
HANDLER(SPI1_IRQHandler);
HANDLER(SPI2_IRQHandler);
HANDLER(USART1_IRQHandler);
HANDLER(USART2_IRQHandler);
HANDLER(USART3_IRQHandler);
HANDLER(EXTI15_10_IRQHandler);
HANDLER(RTC_Alarm_IRQHandler);
HANDLER(OTG_FS_WKUP_IRQHandler);
HANDLER(TIM8_BRK_TIM12_IRQHandler);
HANDLER(TIM8_UP_TIM13_IRQHandler);
HANDLER(TIM8_TRG_COM_TIM14_IRQHandler);
HANDLER(TIM8_CC_IRQHandler);
HANDLER(DMA1_Stream7_IRQHandler);
HANDLER(FMC_IRQHandler);
HANDLER(SDMMC1_IRQHandler);
HANDLER(TIM5_IRQHandler);
HANDLER(SPI3_IRQHandler);
HANDLER(UART4_IRQHandler);
HANDLER(UART5_IRQHandler);
HANDLER(TIM6_DAC_IRQHandler);
HANDLER(TIM7_IRQHandler);
HANDLER(DMA2_Stream0_IRQHandler);
HANDLER(DMA2_Stream1_IRQHandler);
HANDLER(DMA2_Stream2_IRQHandler);
HANDLER(DMA2_Stream3_IRQHandler);
HANDLER(DMA2_Stream4_IRQHandler);
HANDLER(ETH_IRQHandler);
HANDLER(ETH_WKUP_IRQHandler);
HANDLER(CAN2_TX_IRQHandler);
HANDLER(CAN2_RX0_IRQHandler);
HANDLER(CAN2_RX1_IRQHandler);
HANDLER(CAN2_SCE_IRQHandler);
HANDLER(OTG_FS_IRQHandler);
HANDLER(DMA2_Stream5_IRQHandler);
HANDLER(DMA2_Stream6_IRQHandler);
HANDLER(DMA2_Stream7_IRQHandler);
HANDLER(USART6_IRQHandler);
HANDLER(I2C3_EV_IRQHandler);
HANDLER(I2C3_ER_IRQHandler);
HANDLER(OTG_HS_EP1_OUT_IRQHandler);
HANDLER(OTG_HS_EP1_IN_IRQHandler);
HANDLER(OTG_HS_WKUP_IRQHandler);
HANDLER(OTG_HS_IRQHandler);
HANDLER(DCMI_IRQHandler);
HANDLER(RNG_IRQHandler);
HANDLER(FPU_IRQHandler);
HANDLER(UART7_IRQHandler);
HANDLER(UART8_IRQHandler);
HANDLER(SPI4_IRQHandler);
HANDLER(SPI5_IRQHandler);
HANDLER(SPI6_IRQHandler);
HANDLER(SAI1_IRQHandler);
HANDLER(LTDC_IRQHandler);
HANDLER(LTDC_ER_IRQHandler);
HANDLER(DMA2D_IRQHandler);
HANDLER(SAI2_IRQHandler);
HANDLER(QUADSPI_IRQHandler);
HANDLER(LPTIM1_IRQHandler);
HANDLER(CEC_IRQHandler);
HANDLER(I2C4_EV_IRQHandler);
HANDLER(I2C4_ER_IRQHandler);
HANDLER(SPDIF_RX_IRQHandler);

typedef void (*Vector)(void);

/* 16 + 98 words; the linker puts them first in flash (section .isr_vector). */
__attribute__((section(".isr_vector"), used)) const Vector vectors[] = {
    (Vector)&__stack_top, /* initial SP_main */
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    /* IRQ 0 */ WWDG_IRQHandler,
    PVD_IRQHandler,
    TAMP_STAMP_IRQHandler,
    RTC_WKUP_IRQHandler,
    FLASH_IRQHandler,
    RCC_IRQHandler,
    EXTI0_IRQHandler,
    EXTI1_IRQHandler,
    EXTI2_IRQHandler,
    EXTI3_IRQHandler,
    /* IRQ 10 */ EXTI4_IRQHandler,
    DMA1_Stream0_IRQHandler,
    DMA1_Stream1_IRQHandler,
    DMA1_Stream2_IRQHandler,
    DMA1_Stream3_IRQHandler,
    DMA1_Stream4_IRQHandler,
    DMA1_Stream5_IRQHandler,
    DMA1_Stream6_IRQHandler,
    ADC_IRQHandler,
    CAN1_TX_IRQHandler,
    /* IRQ 20 */ CAN1_RX0_IRQHandler,
    CAN1_RX1_IRQHandler,
    CAN1_SCE_IRQHandler,
    EXTI9_5_IRQHandler,
    TIM1_BRK_TIM9_IRQHandler,
    TIM1_UP_TIM10_IRQHandler,
    TIM1_TRG_COM_TIM11_IRQHandler,
    TIM1_CC_IRQHandler,
    TIM2_IRQHandler,
    TIM3_IRQHandler,
    /* IRQ 30 */ TIM4_IRQHandler,
    I2C1_EV_IRQHandler,
    I2C1_ER_IRQHandler,
    I2C2_EV_IRQHandler,
    I2C2_ER_IRQHandler,
    SPI1_IRQHandler,
    SPI2_IRQHandler,
    USART1_IRQHandler,
    USART2_IRQHandler,
    USART3_IRQHandler,
    /* IRQ 40 */ EXTI15_10_IRQHandler,
    RTC_Alarm_IRQHandler,
    OTG_FS_WKUP_IRQHandler,
    TIM8_BRK_TIM12_IRQHandler,
    TIM8_UP_TIM13_IRQHandler,
    TIM8_TRG_COM_TIM14_IRQHandler,
    TIM8_CC_IRQHandler,
    DMA1_Stream7_IRQHandler,
    FMC_IRQHandler,
    SDMMC1_IRQHandler,
    /* IRQ 50 */ TIM5_IRQHandler,
    SPI3_IRQHandler,
    UART4_IRQHandler,
    UART5_IRQHandler,
    TIM6_DAC_IRQHandler,
    TIM7_IRQHandler,
    DMA2_Stream0_IRQHandler,
    DMA2_Stream1_IRQHandler,
    DMA2_Stream2_IRQHandler,
    DMA2_Stream3_IRQHandler,
    /* IRQ 60 */ DMA2_Stream4_IRQHandler,
    ETH_IRQHandler,
    ETH_WKUP_IRQHandler,
    CAN2_TX_IRQHandler,
    CAN2_RX0_IRQHandler,
    CAN2_RX1_IRQHandler,
    CAN2_SCE_IRQHandler,
    OTG_FS_IRQHandler,
    DMA2_Stream5_IRQHandler,
    DMA2_Stream6_IRQHandler,
    /* IRQ 70 */ DMA2_Stream7_IRQHandler,
    USART6_IRQHandler,
    I2C3_EV_IRQHandler,
    I2C3_ER_IRQHandler,
    OTG_HS_EP1_OUT_IRQHandler,
    OTG_HS_EP1_IN_IRQHandler,
    OTG_HS_WKUP_IRQHandler,
    OTG_HS_IRQHandler,
    DCMI_IRQHandler,
    Default_Handler, /* IRQ 79 is reserved on the F746 (CRYP on the F756) */
    /* IRQ 80 */ RNG_IRQHandler,
    FPU_IRQHandler,
    UART7_IRQHandler,
    UART8_IRQHandler,
    SPI4_IRQHandler,
    SPI5_IRQHandler,
    SPI6_IRQHandler,
    SAI1_IRQHandler,
    LTDC_IRQHandler,
    LTDC_ER_IRQHandler,
    /* IRQ 90 */ DMA2D_IRQHandler,
    SAI2_IRQHandler,
    QUADSPI_IRQHandler,
    LPTIM1_IRQHandler,
    CEC_IRQHandler,
    I2C4_EV_IRQHandler,
    I2C4_ER_IRQHandler,
    SPDIF_RX_IRQHandler,
};
_Static_assert(sizeof vectors / sizeof vectors[0] == 16 + 98, "16 system words and 98 IRQs");

/* main's result stays in R0 and the core stops on a branch to itself (Loom reports `halted`). */
static void __attribute__((noreturn)) halt(int result)
{
  register int r0 __asm("r0") = result;
  __asm volatile("1: b 1b" : : "r"(r0));
  __builtin_unreachable();
}

void Reset_Handler(void)
{
#if defined(__ARM_FP)
  /* Built for the FPU: give CP10 and CP11 full access before any FP instruction
   * (ARMv7-M ARM B3.2.20), then make sure the next instruction sees it (DSB, ISB). */
  SCB->CPACR |= SCB_CPACR_CP10_CP11_FULL;
  __asm volatile("dsb\n isb" ::: "memory");
#endif
  /* .data's initial values are in flash after the code; .bss starts as zeros. */
  uint32_t *from = &__data_load;
  for (uint32_t *to = &__data_start; to < &__data_end;) *to++ = *from++;
  for (uint32_t *p = &__bss_start; p < &__bss_end;) *p++ = 0;
  halt(main());
}
