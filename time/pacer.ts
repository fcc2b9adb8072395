/**
 * Pacing emulated time to the wall clock (`loom run --realtime`, the terminal UI): the machine
 * runs in slices, and between slices the runner waits until the wall clock has caught up with
 * emulated time, so that a 1 Hz blinky blinks at 1 Hz on screen. The pacer only does the
 * arithmetic; the caller owns the clock (`nowSeconds`) and the waiting (a timer, setImmediate).
 */
export class Pacer {
  /** Wall-clock and emulated seconds at the anchor. */
  private wallAtAnchor = 0;
  private emulatedAtAnchor = 0;

  constructor(
    /** The wall clock in seconds (performance.now() / 1000, Date.now() / 1000). */
    private readonly nowSeconds: () => number,
    /** Emulated seconds per wall-clock second: 1 is real time, 0.1 ten times slower. */
    readonly rate = 1,
    /**
     * How far emulation may fall behind before the pacer gives up catching up (a slow host, a
     * pause in a debugger): it re-anchors instead of racing through the backlog.
     */
    readonly maxLagSeconds = 0.25,
  ) {}

  /** Starts pacing with emulated time at `emulatedSeconds` (again after a pause). */
  start(emulatedSeconds: number): void {
    this.wallAtAnchor = this.nowSeconds();
    this.emulatedAtAnchor = emulatedSeconds;
  }

  /** The emulated time the wall clock has reached: how far the machine may run now. */
  dueSeconds(): number {
    return this.emulatedAtAnchor + (this.nowSeconds() - this.wallAtAnchor) * this.rate;
  }

  /**
   * Wall-clock seconds to wait before emulated time `emulatedSeconds` is due (0 when it is
   * already). When emulation is more than `maxLagSeconds` behind, it re-anchors there.
   */
  delayFor(emulatedSeconds: number): number {
    const ahead = (emulatedSeconds - this.dueSeconds()) / this.rate;
    if (ahead < -this.maxLagSeconds) this.start(emulatedSeconds);
    return ahead > 0 ? ahead : 0;
  }
}
