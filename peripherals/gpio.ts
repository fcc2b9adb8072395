import { merge, RegisterBlock } from './register-block.ts';

/** GPIO registers (RM0385 6.4; ../shared/reference section 3.4). */
export const GPIO_MODER = 0x00;
export const GPIO_OTYPER = 0x04;
export const GPIO_OSPEEDR = 0x08;
export const GPIO_PUPDR = 0x0c;
export const GPIO_IDR = 0x10;
export const GPIO_ODR = 0x14;
export const GPIO_BSRR = 0x18;
export const GPIO_LCKR = 0x1c;
export const GPIO_AFRL = 0x20;
export const GPIO_AFRH = 0x24;

/** MODER values, two bits per pin. */
export const MODE_INPUT = 0;
export const MODE_OUTPUT = 1;
export const MODE_ALTERNATE = 2;
export const MODE_ANALOG = 3;

const LCKK = 1 << 16;

export interface GpioResetValues {
  moder?: number;
  ospeedr?: number;
  pupdr?: number;
}

/** Told when a pin's level changes: port letter, pin number, new level. */
export type PinListener = (port: string, pin: number, level: number) => void;

/**
 * One GPIO port. A pin's level (what IDR reads and what the board sees) comes from the output
 * latch in output mode (an open-drain 1 lets the pin float), from the peripheral in alternate
 * function mode, and otherwise from what drives it from outside (a button) or its pull-up or
 * pull-down. Listeners hear every level change: LEDs, EXTI, traces.
 */
export class GpioPort extends RegisterBlock {
  private moder = 0;
  private otyper = 0;
  private ospeedr = 0;
  private pupdr = 0;
  private odr = 0;
  private afrl = 0;
  private afrh = 0;
  private lckr = 0;
  private lockStep = 0;
  /** Pins driven from outside: mask of driven pins and their levels. */
  private externalMask = 0;
  private externalLevels = 0;
  /**
   * What each peripheral drives on each pin, whether or not the pin selects it yet: bit `af` of
   * entry `pin` is the level of alternate function AFaf there. A pin in alternate-function mode
   * shows the one its AFR selects, at once, however late it is selected.
   */
  private readonly alternateLevels = new Uint16Array(16);
  /** The last level of each pin that listeners heard. */
  private levels = 0;
  private readonly listeners: PinListener[] = [];

  constructor(
    readonly letter: string,
    private readonly resetValues: GpioResetValues = {},
  ) {
    super();
    this.reset();
  }

  reset(): void {
    this.moder = this.resetValues.moder ?? 0;
    this.ospeedr = this.resetValues.ospeedr ?? 0;
    this.pupdr = this.resetValues.pupdr ?? 0;
    this.otyper = 0;
    this.odr = 0;
    this.afrl = 0;
    this.afrh = 0;
    this.lckr = 0;
    this.lockStep = 0;
    this.alternateLevels.fill(0);
    this.update();
  }

  onPinChange(listener: PinListener): void {
    this.listeners.push(listener);
  }

  mode(pin: number): number {
    return (this.moder >>> (2 * pin)) & 3;
  }

  /** The alternate function (AF0-AF15) selected for a pin. */
  alternateFunction(pin: number): number {
    const afr = pin < 8 ? this.afrl : this.afrh;
    return (afr >>> (4 * (pin & 7))) & 0xf;
  }

  /** Drives a pin from outside (true/false), or lets it go (null). */
  drive(pin: number, level: boolean | null): void {
    const bit = 1 << pin;
    if (level === null) this.externalMask &= ~bit;
    else {
      this.externalMask |= bit;
      this.externalLevels = level ? this.externalLevels | bit : this.externalLevels & ~bit;
    }
    this.update();
  }

  /** A peripheral's output as alternate function `af` of a pin (a timer channel, a UART TX). */
  setAlternateOutput(pin: number, af: number, level: boolean): void {
    const levels = this.alternateLevels[pin];
    this.alternateLevels[pin] = level ? levels | (1 << af) : levels & ~(1 << af);
    if (this.mode(pin) === MODE_ALTERNATE && this.alternateFunction(pin) === af) this.update();
  }

  /** The level of every pin (what IDR reads). */
  get inputLevels(): number {
    let v = 0;
    for (let pin = 0; pin < 16; pin++) if (this.levelOf(pin)) v |= 1 << pin;
    return v;
  }

  /** The level of one pin. */
  level(pin: number): number {
    return this.levelOf(pin) ? 1 : 0;
  }

  private levelOf(pin: number): boolean {
    const bit = 1 << pin;
    const mode = this.mode(pin);
    if (mode === MODE_ANALOG) return false;
    if (mode === MODE_OUTPUT) {
      const high = (this.odr & bit) !== 0;
      // Open drain: a 1 releases the pin to whatever pulls it.
      if (!high || (this.otyper & bit) === 0) return high;
    } else if (mode === MODE_ALTERNATE) {
      return ((this.alternateLevels[pin] >>> this.alternateFunction(pin)) & 1) !== 0;
    }
    if (this.externalMask & bit) return (this.externalLevels & bit) !== 0;
    return ((this.pupdr >>> (2 * pin)) & 3) === 1;
  }

  private update(): void {
    const now = this.inputLevels;
    const changed = now ^ this.levels;
    this.levels = now;
    if (changed === 0) return;
    for (let pin = 0; pin < 16; pin++) {
      if (changed & (1 << pin)) {
        for (const listener of this.listeners) listener(this.letter, pin, (now >>> pin) & 1);
      }
    }
  }

  private get locked(): number {
    return (this.lckr & LCKK) !== 0 ? this.lckr & 0xffff : 0;
  }

  /**
   * A configuration write that leaves locked pins' fields alone: `width` bits per pin, for the
   * pins from `firstPin` on that the register holds.
   */
  private lockedWrite(
    old: number,
    value: number,
    mask: number,
    width: number,
    firstPin = 0,
  ): number {
    let keep = 0;
    const locked = this.locked;
    const pins = 32 / width;
    for (let k = 0; k < pins && firstPin + k < 16; k++) {
      if (locked & (1 << (firstPin + k))) keep |= ((1 << width) - 1) << (width * k);
    }
    return merge(old, value, mask & ~keep);
  }

  protected readRegister(offset: number): number {
    switch (offset) {
      case GPIO_MODER:
        return this.moder;
      case GPIO_OTYPER:
        return this.otyper;
      case GPIO_OSPEEDR:
        return this.ospeedr;
      case GPIO_PUPDR:
        return this.pupdr;
      case GPIO_IDR:
        return this.inputLevels;
      case GPIO_ODR:
        return this.odr;
      case GPIO_LCKR:
        return this.lckr;
      case GPIO_AFRL:
        return this.afrl;
      case GPIO_AFRH:
        return this.afrh;
    }
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    switch (offset) {
      case GPIO_MODER:
        this.moder = this.lockedWrite(this.moder, value, mask, 2);
        break;
      case GPIO_OTYPER:
        this.otyper = this.lockedWrite(this.otyper, value, mask & 0xffff, 1);
        break;
      case GPIO_OSPEEDR:
        this.ospeedr = this.lockedWrite(this.ospeedr, value, mask, 2);
        return;
      case GPIO_PUPDR:
        this.pupdr = this.lockedWrite(this.pupdr, value, mask, 2);
        break;
      case GPIO_ODR:
        this.odr = merge(this.odr, value, mask) & 0xffff;
        break;
      case GPIO_BSRR: {
        // Set wins over reset when both bits of a pin are written (RM0385 6.4.7).
        const set = value & mask & 0xffff;
        const reset = ((value & mask) >>> 16) & 0xffff;
        this.odr = ((this.odr & ~reset) | set) & 0xffff;
        break;
      }
      case GPIO_LCKR:
        this.writeLock(value);
        return;
      case GPIO_AFRL:
        this.afrl = this.lockedWrite(this.afrl, value, mask, 4);
        break;
      case GPIO_AFRH:
        this.afrh = this.lockedWrite(this.afrh, value, mask, 4, 8);
        break;
      default:
        return;
    }
    this.update();
  }

  /**
   * LCKR's key sequence (RM0385 6.4.8): write LCKK = 1, LCKK = 0, LCKK = 1 with the same pin
   * mask; the lock then holds until reset.
   */
  private writeLock(value: number): void {
    if (this.lckr & LCKK) return;
    const key = value & LCKK;
    const pins = value & 0xffff;
    if (this.lockStep === 0 && key) this.lockStep = 1;
    else if (this.lockStep === 1 && !key && pins === (this.lckr & 0xffff)) this.lockStep = 2;
    else if (this.lockStep === 2 && key && pins === (this.lckr & 0xffff)) {
      this.lckr = LCKK | pins;
      this.lockStep = 0;
      return;
    } else this.lockStep = key ? 1 : 0;
    this.lckr = pins;
  }
}
