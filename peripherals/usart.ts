import { Alarm, type Scheduler } from '../time/scheduler.ts';
import type { Clocks } from './clocks.ts';
import type { Diagnostics } from './diagnostics.ts';
import { merge, RegisterBlock } from './register-block.ts';
import { type TxPin, UsartTxLine } from './usart-tx-line.ts';

/** USART registers (RM0385, USART registers; ../shared/reference section 3.5). */
export const USART_CR1 = 0x00;
export const USART_CR2 = 0x04;
export const USART_CR3 = 0x08;
export const USART_BRR = 0x0c;
export const USART_GTPR = 0x10;
export const USART_RTOR = 0x14;
export const USART_RQR = 0x18;
export const USART_ISR = 0x1c;
export const USART_ICR = 0x20;
export const USART_RDR = 0x24;
export const USART_TDR = 0x28;

// USART_CR1
export const CR1_UE = 1 << 0;
export const CR1_RE = 1 << 2;
export const CR1_TE = 1 << 3;
export const CR1_IDLEIE = 1 << 4;
export const CR1_RXNEIE = 1 << 5;
export const CR1_TCIE = 1 << 6;
export const CR1_TXEIE = 1 << 7;
export const CR1_PEIE = 1 << 8;
export const CR1_PS = 1 << 9;
export const CR1_PCE = 1 << 10;
export const CR1_M0 = 1 << 12;
export const CR1_CMIE = 1 << 14;
export const CR1_OVER8 = 1 << 15;
export const CR1_RTOIE = 1 << 26;
export const CR1_EOBIE = 1 << 27;
export const CR1_M1 = 1 << 28;
// USART_CR2
export const CR2_LBDIE = 1 << 6;
export const CR2_STOP_SHIFT = 12;
export const CR2_ADD_SHIFT = 24;
// USART_CR3
export const CR3_EIE = 1 << 0;
export const CR3_DMAR = 1 << 6;
export const CR3_CTSIE = 1 << 10;
export const CR3_OVRDIS = 1 << 12;
// USART_ISR
export const ISR_PE = 1 << 0;
export const ISR_FE = 1 << 1;
export const ISR_NF = 1 << 2;
export const ISR_ORE = 1 << 3;
export const ISR_IDLE = 1 << 4;
export const ISR_RXNE = 1 << 5;
export const ISR_TC = 1 << 6;
export const ISR_TXE = 1 << 7;
export const ISR_LBDF = 1 << 8;
export const ISR_CTSIF = 1 << 9;
export const ISR_RTOF = 1 << 11;
export const ISR_EOBF = 1 << 12;
export const ISR_BUSY = 1 << 16;
export const ISR_CMF = 1 << 17;
export const ISR_SBKF = 1 << 18;
export const ISR_TEACK = 1 << 21;
export const ISR_REACK = 1 << 22;
/** ISR after reset: TXE and TC (ST SVD). */
export const ISR_RESET = ISR_TXE | ISR_TC;
// USART_RQR
export const RQR_SBKRQ = 1 << 1;
export const RQR_RXFRQ = 1 << 3;
export const RQR_TXFRQ = 1 << 4;

/** Writable bits (ST SVD field lists). */
const CR1_MASK = 0x1fff_ffff;
const CR2_MASK = 0xffff_ff70;
const CR3_MASK = 0x007e_ffff;
/** ICR's clear bits: PECF, FECF, NCF, ORECF, IDLECF, TCCF, LBDCF, CTSCF, RTOCF, EOBCF, CMCF, WUCF. */
const ICR_MASK = 0x0012_1b5f;
/** CR1 bits that set the frame format: written only while UE = 0 (RM0385, USART_CR1). */
const CR1_FORMAT = CR1_M1 | CR1_M0 | CR1_OVER8 | CR1_PCE | CR1_PS;
const CR2_STOP = 3 << CR2_STOP_SHIFT;

/** Stop bits by CR2.STOP: 1, 0.5, 2, 1.5. */
const STOP_BITS = [1, 0.5, 2, 1.5];

/** Each U(S)ART's USARTxSEL field in RCC_DCKCFGR2, by its index (../shared/reference section 3.1). */
export const USART_KERNEL_INDEX: Record<string, number> = {
  USART1: 0,
  USART2: 1,
  USART3: 2,
  UART4: 3,
  UART5: 4,
  USART6: 5,
  UART7: 6,
  UART8: 7,
};

/** Told of each transmitted frame's data, at the cycle its last stop bit ends. */
export type TxSink = (data: number, atCycle: number) => void;

/** What the shift register is sending. */
const SHIFT_NONE = 0;
const SHIFT_IDLE = 1;
const SHIFT_DATA = 2;
const SHIFT_BREAK = 3;

export interface UsartOptions {
  name: string;
  /** Its USARTxSEL field's index in RCC_DCKCFGR2 (USART1 = 0 ... UART8 = 7). */
  kernelIndex: number;
  irq: number;
  clocks: Clocks;
  scheduler: Scheduler;
  setIrq(irq: number, high: boolean): void;
  diagnostics: Diagnostics;
}

/**
 * A USART in the F7 layout (RM0385, USART chapter), asynchronous mode. Frames take the time the
 * baud rate gives them: BRR and OVER8 divide the kernel clock (RCC_DCKCFGR2's selection), and
 * a frame is a start bit, 7 to 9 data bits (parity included) and its stop bits. Loom's cycles
 * are HCLK cycles, so a frame of `bits` lasts bits * USARTDIV * HCLK / f_ck cycles.
 *
 * Transmission: a TDR write clears TXE and TC; the data moves to the shift register when it is
 * free (TXE set again) and leaves through `onTransmit` when its stop bits are out; TC rises when
 * a data frame ends with TDR empty. Enabling the transmitter first sends an idle frame.
 * Reception: bytes from the host (`receive`) arrive one frame after another while the receiver
 * is enabled (the host waits for UE and RE); RXNE, ORE, IDLE and CMF follow RM0385's USART receiver.
 * The interrupt line is a level: each flag ANDed with its enable (RM0385, USART interrupts).
 */
export class Usart extends RegisterBlock {
  private cr1 = 0;
  private cr2 = 0;
  private cr3 = 0;
  private brr = 0;
  private gtpr = 0;
  private rtor = 0;
  /** The stored ISR flags; TEACK, REACK and BUSY are derived when read. */
  private isr = ISR_RESET;
  private tdr = 0;
  private rdr = 0;
  private shifting = SHIFT_NONE;
  private shiftData = 0;
  private breakRequested = false;
  /** Host bytes on their way to RX. */
  private readonly rxQueue: number[] = [];
  /** A byte arrived since the last IDLE: the next idle line sets IDLE again. */
  private idleArmed = false;
  private irqLevel = false;
  /** HCLK cycles per kernel clock tick when each alarm was set (to rescale on a clock change). */
  private txRatio = 1;
  private rxRatio = 1;
  private idleRatio = 1;
  private readonly txAlarm: Alarm;
  private readonly rxAlarm: Alarm;
  private readonly idleAlarm: Alarm;
  private readonly alarms: Alarm[];
  private readonly txLine: UsartTxLine;
  /** Where transmitted data goes (the machine sends the board's console to its output). */
  onTransmit: TxSink | null = null;
  /** The TX pin (the chip wires it): it shows each frame's bits when routed to this U(S)ART. */
  txPin: TxPin | null = null;

  constructor(private readonly options: UsartOptions) {
    super();
    this.txAlarm = new Alarm(`${options.name} TX`, (at) => this.frameSent(at));
    this.rxAlarm = new Alarm(`${options.name} RX`, (at) => this.frameReceived(at));
    this.idleAlarm = new Alarm(`${options.name} idle`, () => this.lineIdle());
    this.alarms = [this.txAlarm, this.rxAlarm, this.idleAlarm];
    this.txLine = new UsartTxLine(options.name, options.scheduler, () => this.txPin);
    options.clocks.onChange(() => this.clocksChanged());
  }

  get name(): string {
    return this.options.name;
  }

  reset(): void {
    for (const alarm of this.alarms) this.options.scheduler.cancel(alarm);
    this.txLine.reset();
    this.cr1 = 0;
    this.cr2 = 0;
    this.cr3 = 0;
    this.brr = 0;
    this.gtpr = 0;
    this.rtor = 0;
    this.isr = ISR_RESET;
    this.tdr = 0;
    this.rdr = 0;
    this.shifting = SHIFT_NONE;
    this.breakRequested = false;
    this.idleArmed = false;
    // The host's bytes are outside the chip: they wait for the receiver to be enabled again.
    this.irqLevel = false;
    this.options.setIrq(this.options.irq, false);
  }

  /** Bytes the host sends to RX; each arrives one frame time after the previous one. */
  receive(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.rxQueue.push(bytes[i] & 0xff);
    this.scheduleRx(this.options.scheduler.now());
  }

  // --- Timing ---------------------------------------------------------------------------

  /** HCLK cycles per tick of the kernel clock. */
  private ratio(): number {
    const { clocks } = this.options;
    return clocks.hclkHz / clocks.uartKernelHz(this.options.kernelIndex);
  }

  /** USARTDIV as kernel clock ticks per bit (RM0385, USART baud rate generation). */
  private ticksPerBit(): number {
    if (this.cr1 & CR1_OVER8) return ((this.brr & 0xfff0) | ((this.brr & 7) << 1)) / 2;
    return this.brr & 0xffff;
  }

  /** Data bits in a frame, parity included: M1:M0 = 00 8, 01 9, 10 7. */
  private wordBits(): number {
    if (this.cr1 & CR1_M1) return 7;
    return this.cr1 & CR1_M0 ? 9 : 8;
  }

  /** A frame's length in HCLK cycles, with `extraBits` more (0: no baud rate). */
  private frameCycles(ratio: number, extraBits = 0): number {
    const ticks = this.ticksPerBit();
    if (ticks === 0) {
      this.options.diagnostics.once(
        `usart-brr:${this.name}`,
        `${this.name} enabled with ${this.name}_BRR = 0: there is no baud rate, nothing moves`,
      );
      return 0;
    }
    if (ticks < 8 || (ticks < 16 && (this.cr1 & CR1_OVER8) === 0)) {
      this.options.diagnostics.once(
        `usart-brr-low:${this.name}`,
        `${this.name}_BRR = 0x${this.brr.toString(16)} is below the minimum USARTDIV of 16 ` +
          `(RM0385, USART baud rate generation)`,
      );
    }
    const bits =
      1 + this.wordBits() + STOP_BITS[(this.cr2 & CR2_STOP) >>> CR2_STOP_SHIFT] + extraBits;
    return Math.max(1, Math.round(bits * ticks * ratio));
  }

  /** After a clock change, what is left of each frame in flight takes the new rate. */
  private clocksChanged(): void {
    const ratio = this.ratio();
    this.txLine.rescale(this.options.scheduler.now(), this.txRatio, ratio);
    this.txRatio = this.rescale(this.txAlarm, this.txRatio, ratio);
    this.rxRatio = this.rescale(this.rxAlarm, this.rxRatio, ratio);
    this.idleRatio = this.rescale(this.idleAlarm, this.idleRatio, ratio);
  }

  private rescale(alarm: Alarm, before: number, after: number): number {
    if (!alarm.scheduled || before === after) return after;
    const now = this.options.scheduler.now();
    const left = alarm.atCycle - now;
    if (left > 0) this.options.scheduler.schedule(alarm, now + Math.round((left * after) / before));
    return after;
  }

  /** Fires this USART's alarms that are already due (a register access in a late block). */
  private settle(): void {
    const now = this.options.scheduler.now();
    for (;;) {
      let due: Alarm | null = null;
      for (const alarm of this.alarms) {
        if (
          alarm.scheduled &&
          alarm.atCycle <= now &&
          (due === null || alarm.atCycle < due.atCycle)
        )
          due = alarm;
      }
      if (due === null) return;
      this.options.scheduler.cancel(due);
      due.fire(due.atCycle);
    }
  }

  // --- Transmitter ----------------------------------------------------------------------

  private get transmitting(): boolean {
    return (this.cr1 & (CR1_UE | CR1_TE)) === (CR1_UE | CR1_TE);
  }

  /** Starts the next frame at `atCycle` if the shift register is free: a break, then data. */
  private startFrame(atCycle: number, kind = SHIFT_NONE): void {
    if (this.shifting !== SHIFT_NONE || !this.transmitting) return;
    if (kind === SHIFT_NONE) {
      if (this.breakRequested) kind = SHIFT_BREAK;
      else if ((this.isr & ISR_TXE) === 0) kind = SHIFT_DATA;
      else return;
    }
    const ratio = this.ratio();
    // A break is a frame of zeros followed by 2 stop bits (RM0385, USART character description).
    const cycles = this.frameCycles(ratio, kind === SHIFT_BREAK ? 2 : 0);
    if (cycles === 0) return;
    if (kind === SHIFT_BREAK) this.breakRequested = false;
    if (kind === SHIFT_DATA) {
      this.shiftData = this.tdr;
      this.isr |= ISR_TXE;
    }
    if (kind !== SHIFT_IDLE) {
      // On the wire: a start bit (0), then the character LSB first, or a break's zeros.
      const character = kind === SHIFT_DATA ? this.withParity(this.shiftData) : 0;
      this.txLine.start(atCycle, character << 1, 1 + this.wordBits(), this.ticksPerBit() * ratio);
    }
    this.shifting = kind;
    this.txRatio = ratio;
    this.options.scheduler.schedule(this.txAlarm, atCycle + cycles);
  }

  private frameSent(atCycle: number): void {
    const kind = this.shifting;
    this.shifting = SHIFT_NONE;
    if (kind === SHIFT_DATA) {
      // Parity is not data: the sink gets the data bits only.
      const dataBits = this.wordBits() - (this.cr1 & CR1_PCE ? 1 : 0);
      this.onTransmit?.(this.shiftData & ((1 << dataBits) - 1), atCycle);
      if (this.isr & ISR_TXE) this.isr |= ISR_TC;
    } else if (kind === SHIFT_BREAK) {
      this.isr &= ~ISR_SBKF;
    }
    this.startFrame(atCycle);
    this.updateIrq();
  }

  // --- Receiver -------------------------------------------------------------------------

  private get receiving(): boolean {
    return (this.cr1 & (CR1_UE | CR1_RE)) === (CR1_UE | CR1_RE);
  }

  /** The next host byte arrives one frame after `fromCycle`. */
  private scheduleRx(fromCycle: number): void {
    if (this.rxAlarm.scheduled || !this.receiving || this.rxQueue.length === 0) return;
    const ratio = this.ratio();
    const cycles = this.frameCycles(ratio);
    if (cycles === 0) return;
    this.options.scheduler.cancel(this.idleAlarm);
    this.rxRatio = ratio;
    this.options.scheduler.schedule(this.rxAlarm, fromCycle + cycles);
  }

  /**
   * A character as it travels: its data bits, and the parity bit when PCE is set (what RDR
   * holds for a host byte, what TX sends for TDR).
   */
  private withParity(byte: number): number {
    const bits = this.wordBits();
    if ((this.cr1 & CR1_PCE) === 0) return byte & ((1 << bits) - 1);
    const dataBits = bits - 1;
    let data = byte & ((1 << dataBits) - 1);
    let ones = 0;
    for (let v = data; v !== 0; v &= v - 1) ones++;
    // PS = 0 even parity, 1 odd: the parity bit makes the count of ones even or odd.
    const parity = (ones & 1) ^ (this.cr1 & CR1_PS ? 1 : 0);
    data |= parity << dataBits;
    return data;
  }

  private frameReceived(atCycle: number): void {
    const value = this.withParity(this.rxQueue.shift()!);
    if ((this.isr & ISR_RXNE) === 0 || this.cr3 & CR3_OVRDIS) {
      this.rdr = value;
      this.isr |= ISR_RXNE;
      // Character match (RM0385, USART_CR2.ADD): the whole character against ADD[7:0].
      if ((value & 0xff) === this.cr2 >>> CR2_ADD_SHIFT) this.isr |= ISR_CMF;
    } else {
      // RDR still full: the new data is lost (RM0385, USART overrun error).
      this.isr |= ISR_ORE;
    }
    this.idleArmed = true;
    if (this.rxQueue.length > 0) this.scheduleRx(atCycle);
    else {
      const ratio = this.ratio();
      const cycles = this.frameCycles(ratio);
      this.idleRatio = ratio;
      if (cycles > 0) this.options.scheduler.schedule(this.idleAlarm, atCycle + cycles);
    }
    this.updateIrq();
  }

  /** A whole idle frame after the last byte: IDLE, once per burst (RM0385, USART_ISR). */
  private lineIdle(): void {
    if (!this.idleArmed || !this.receiving) return;
    this.idleArmed = false;
    this.isr |= ISR_IDLE;
    this.updateIrq();
  }

  // --- Interrupt ------------------------------------------------------------------------

  private updateIrq(): void {
    const { cr1, cr2, cr3 } = this;
    let enabled = 0;
    if (cr1 & CR1_TXEIE) enabled |= ISR_TXE;
    if (cr1 & CR1_TCIE) enabled |= ISR_TC;
    if (cr1 & CR1_RXNEIE) enabled |= ISR_RXNE | ISR_ORE;
    if (cr1 & CR1_IDLEIE) enabled |= ISR_IDLE;
    if (cr1 & CR1_PEIE) enabled |= ISR_PE;
    if (cr1 & CR1_CMIE) enabled |= ISR_CMF;
    if (cr1 & CR1_RTOIE) enabled |= ISR_RTOF;
    if (cr1 & CR1_EOBIE) enabled |= ISR_EOBF;
    if (cr2 & CR2_LBDIE) enabled |= ISR_LBDF;
    if (cr3 & CR3_CTSIE) enabled |= ISR_CTSIF;
    // Errors in multibuffer (DMA) reception: EIE with DMAR.
    if ((cr3 & (CR3_EIE | CR3_DMAR)) === (CR3_EIE | CR3_DMAR)) {
      enabled |= ISR_FE | ISR_NF | ISR_ORE;
    }
    const level = (this.isr & enabled) !== 0;
    if (level === this.irqLevel) return;
    this.irqLevel = level;
    this.options.setIrq(this.options.irq, level);
  }

  // --- Registers ------------------------------------------------------------------------

  private get status(): number {
    let v = this.isr;
    if (this.transmitting) v |= ISR_TEACK;
    if (this.receiving) v |= ISR_REACK;
    if (this.rxAlarm.scheduled) v |= ISR_BUSY;
    return v >>> 0;
  }

  protected readRegister(offset: number): number {
    this.settle();
    switch (offset) {
      case USART_CR1:
        return this.cr1;
      case USART_CR2:
        return this.cr2;
      case USART_CR3:
        return this.cr3;
      case USART_BRR:
        return this.brr;
      case USART_GTPR:
        return this.gtpr;
      case USART_RTOR:
        return this.rtor;
      case USART_ISR:
        return this.status;
      case USART_RDR: {
        // Reading RDR clears RXNE (RM0385, USART_ISR).
        this.isr &= ~ISR_RXNE;
        this.updateIrq();
        return this.rdr;
      }
      case USART_TDR:
        return this.tdr;
    }
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    this.settle();
    const now = this.options.scheduler.now();
    switch (offset) {
      case USART_CR1:
        this.writeCr1(merge(this.cr1, value, mask & CR1_MASK), now);
        break;
      case USART_CR2: {
        let v = merge(this.cr2, value, mask & CR2_MASK);
        if (this.cr1 & CR1_UE && (v ^ this.cr2) & CR2_STOP) {
          this.whileEnabled('CR2.STOP');
          v = (v & ~CR2_STOP) | (this.cr2 & CR2_STOP);
        }
        this.cr2 = v >>> 0;
        break;
      }
      case USART_CR3:
        this.cr3 = merge(this.cr3, value, mask & CR3_MASK);
        break;
      case USART_BRR:
        if (this.cr1 & CR1_UE) this.whileEnabled('BRR');
        else this.brr = merge(this.brr, value, mask & 0xffff);
        break;
      case USART_GTPR:
        this.gtpr = merge(this.gtpr, value, mask & 0xffff);
        break;
      case USART_RTOR:
        this.rtor = merge(this.rtor, value, mask);
        break;
      case USART_RQR:
        this.request(value & mask, now);
        break;
      case USART_ICR:
        this.isr &= ~(value & mask & ICR_MASK);
        break;
      case USART_TDR:
        this.tdr = merge(this.tdr, value, mask & 0x1ff);
        // A TDR write clears TXE and TC (RM0385, USART_ISR).
        this.isr &= ~(ISR_TXE | ISR_TC);
        this.startFrame(now);
        break;
      default:
        return;
    }
    this.updateIrq();
  }

  private whileEnabled(what: string): void {
    this.options.diagnostics.once(
      `usart-ue:${this.name}:${what}`,
      `${this.name}_${what} written while UE = 1: it can only change while the USART is ` +
        `disabled (RM0385, USART registers), the write is ignored`,
    );
  }

  private writeCr1(v: number, now: number): void {
    const before = this.cr1;
    if (before & CR1_UE && (v ^ before) & CR1_FORMAT) {
      this.whileEnabled('CR1 frame format (M, OVER8, PCE, PS)');
      v = (v & ~CR1_FORMAT) | (before & CR1_FORMAT);
    }
    this.cr1 = v >>> 0;
    const wasTransmitting = (before & (CR1_UE | CR1_TE)) === (CR1_UE | CR1_TE);
    if (before & CR1_UE && (v & CR1_UE) === 0) {
      // UE = 0 stops everything at once and sets ISR back to its reset value (RM0385, USART_CR1.UE).
      for (const alarm of this.alarms) this.options.scheduler.cancel(alarm);
      // A frame cut short: Loom leaves the line at its idle level.
      if (wasTransmitting) this.txLine.idle();
      this.shifting = SHIFT_NONE;
      this.breakRequested = false;
      this.idleArmed = false;
      this.isr = ISR_RESET;
      return;
    }
    // Enabling the transmitter sends an idle frame first (RM0385, USART transmitter).
    if (this.transmitting && !wasTransmitting) {
      this.txLine.idle();
      this.startFrame(now, SHIFT_IDLE);
    }
    if (!this.receiving) {
      this.options.scheduler.cancel(this.rxAlarm);
      this.options.scheduler.cancel(this.idleAlarm);
    } else this.scheduleRx(now);
  }

  private request(bits: number, now: number): void {
    if (bits & RQR_RXFRQ) this.isr &= ~ISR_RXNE;
    if (bits & RQR_TXFRQ) this.isr |= ISR_TXE;
    if (bits & RQR_SBKRQ) {
      this.isr |= ISR_SBKF;
      this.breakRequested = true;
      this.startFrame(now);
    }
  }
}
