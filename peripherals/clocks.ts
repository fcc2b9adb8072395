/** The clocks a peripheral runs on, as the clock tree (RCC) derives them. */
export interface Clocks {
  readonly sysclkHz: number;
  /** The core and AHB clock: Loom's cycles are HCLK cycles. */
  readonly hclkHz: number;
  readonly pclk1Hz: number;
  readonly pclk2Hz: number;
  /** Timer kernel clocks on APB1 and APB2 (doubled when the APB prescaler divides). */
  readonly timclk1Hz: number;
  readonly timclk2Hz: number;
  /** A U(S)ART's kernel clock by its index in DCKCFGR2 (USART1 = 0 ... UART8 = 7). */
  uartKernelHz(index: number): number;
  /** Called after any clock changes. */
  onChange(listener: () => void): void;
}
