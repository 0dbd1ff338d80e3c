/**
 * Spaces calls evenly to at most `perSecond` per second (real time), so that a consumer sending a
 * batch never bursts past the SMS provider's rate.
 */
export class RateLimiter {
  private next = 0;
  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  }

  /** Resolves when the next call may go. */
  async take(): Promise<void> {
    const t = this.now();
    const at = Math.max(t, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > t) await this.sleep(at - t);
  }
}
