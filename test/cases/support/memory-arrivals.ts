import type { ArrivalSource, ArrivedAnswer } from '#shared/cases/arrivals.ts';
import { stored } from '../../support/fakes.ts';

/**
 * ArrivalSource in memory: answers a test "submits", found by `receivedAt` in [from, to] with the
 * same key comparison as the arrival index (`{receivedAt}#{id}` up to `{to}#~`). `hidden` answers are
 * stored but not yet visible, as an answer whose write has not landed in the index yet.
 */
export class MemoryArrivals implements ArrivalSource {
  private readonly answers: ArrivedAnswer[] = [];
  private readonly hidden = new Set<string>();

  add(a: ArrivedAnswer, opts: { visible?: boolean } = {}): void {
    this.answers.push(stored(a));
    if (opts.visible === false) this.hidden.add(a.id);
  }

  /** Makes a hidden answer visible. */
  reveal(id: string): void {
    this.hidden.delete(id);
  }

  async arrivedBetween(fromIso: string, toIso: string): Promise<ArrivedAnswer[]> {
    const key = (a: ArrivedAnswer) => `${a.receivedAt}#${a.id}`;
    return this.answers
      .filter((a) => !this.hidden.has(a.id) && key(a) >= fromIso && key(a) <= `${toIso}#~`)
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .map(stored);
  }
}
