/** An in-memory KioskStore with the DynamoDB adapter's conditions, for the kiosk use-case tests. */
import type { Kiosk } from '#shared/kiosk/kiosk.ts';
import type { KioskStore } from '#shared/kiosk/kiosk-store.ts';

/** KioskStore in a Map; copies in and out, as a table would. */
export class MemoryKioskStore implements KioskStore {
  readonly items = new Map<string, Kiosk>();

  async create(k: Kiosk): Promise<void> {
    if (this.items.has(k.id)) throw new Error('ConditionalCheckFailed');
    this.items.set(k.id, { ...k });
  }

  async get(id: string): Promise<Kiosk | null> {
    const k = this.items.get(id);
    return k ? { ...k } : null;
  }

  async listByUnit(unitId: string): Promise<Kiosk[]> {
    return [...this.items.values()].filter((k) => k.unitId === unitId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async enrol(id: string, enrolHash: string, secretHash: string, at: string): Promise<boolean> {
    const k = this.items.get(id);
    if (!k || k.enrolHash !== enrolHash || k.revokedAt) return false;
    const { enrolHash: _e, ...rest } = k;
    this.items.set(id, { ...rest, secretHash, enrolledAt: at });
    return true;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const k = this.items.get(id);
    if (!k) return false;
    const { enrolHash: _e, secretHash: _s, ...rest } = k;
    this.items.set(id, { ...rest, revokedAt: k.revokedAt ?? at });
    return true;
  }

  async setLastAnswerAt(id: string, at: string): Promise<void> {
    const k = this.items.get(id);
    if (!k) throw new Error('ConditionalCheckFailed');
    k.lastAnswerAt = at;
  }
}
