/**
 * A GPIO port's pins in alternate-function mode (RM0385 6.3.2, 6.4.9/10): the pin shows what the
 * peripheral selected by AFRL/AFRH drives, whenever that selection is made.
 */
import { describe, expect, it } from 'vitest';

import { GPIO_AFRH, GPIO_AFRL, GPIO_IDR, GPIO_MODER, GpioPort, MODE_ALTERNATE } from './gpio.ts';

const word = 4;

describe('GPIO alternate functions', () => {
  it('a pin selected late shows the level its peripheral already drives (an idle TX line)', () => {
    const port = new GpioPort('D');
    // USART3's TX idles high on PD8 as AF7 before the firmware has selected AF7 there.
    port.setAlternateOutput(8, 7, true);
    expect(port.level(8)).toBe(0);
    port.write(GPIO_MODER, word, MODE_ALTERNATE << 16);
    // AF0 (reset) is selected: nothing drives it.
    expect(port.level(8)).toBe(0);
    port.write(GPIO_AFRH, word, 7);
    expect(port.level(8)).toBe(1);
    expect(port.read(GPIO_IDR, word)).toBe(1 << 8);
  });

  it('keeps each alternate function its own level and tells listeners when the choice changes', () => {
    const port = new GpioPort('B');
    const heard: [number, number][] = [];
    port.onPinChange((_, pin, level) => heard.push([pin, level]));
    port.write(GPIO_MODER, word, MODE_ALTERNATE << 0);
    port.setAlternateOutput(0, 2, true); // TIM3_CH3 high
    port.setAlternateOutput(0, 1, false); // TIM1_CH2N low
    port.write(GPIO_AFRL, word, 2);
    expect(port.level(0)).toBe(1);
    port.write(GPIO_AFRL, word, 1);
    expect(port.level(0)).toBe(0);
    // A change of the function not selected is not a change of the pin.
    port.setAlternateOutput(0, 2, false);
    port.setAlternateOutput(0, 2, true);
    expect(heard).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });
});
