import type { Kiosk } from './kiosk.ts';

/** Storage of kiosks, behind which DynamoDB (AWS and dynalite) sits. */
export interface KioskStore {
  /** Stores a new kiosk. */
  create(kiosk: Kiosk): Promise<void>;
  /** One kiosk, or null. */
  get(id: string): Promise<Kiosk | null>;
  /** A unit's kiosks, oldest first. */
  listByUnit(unitId: string): Promise<Kiosk[]>;
  /**
   * Enrols the kiosk if its enrolment code hash is still `enrolHash` and it is not revoked: sets the
   * device secret's hash and removes the code, in one conditional write, so a code works once even
   * when two devices open it at the same moment. False when the condition failed.
   */
  enrol(id: string, enrolHash: string, secretHash: string, at: string): Promise<boolean>;
  /** Marks the kiosk revoked (and forgets its code and secret); false when it does not exist. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Records when the device's latest answer was given (the burst rule's reference). */
  setLastAnswerAt(id: string, at: string): Promise<void>;
}
