/** Simple fakes of the SMS channel's outside world: the secrets, and an SMS sender whose failures a test scripts. */
import { createHash } from 'node:crypto';
import type { SecretsSource, SmsKeyring, SmsKeyVersion, SmsSecrets } from '#shared/sms/secrets.ts';
import type { SmsMessage, SmsSender } from '#shared/sms/sms-sender.ts';
import { samplingFraction } from '#shared/sms/keyed-hash.ts';

/**
 * SecretsSource with fixed keys derived from a seed, so hashes and sampling decisions repeat from run
 * to run: version 1 only (as a single-pair secret reads), its keys as `secrets`. `ring` may be
 * replaced to rotate.
 */
export function fixedSecrets(seed = 'test'): SecretsSource & { secrets: SmsSecrets; ring: SmsKeyring } {
  const secrets = keyVersionOf(seed, 1);
  const source = { secrets, ring: { active: [secrets], retired: [] } as SmsKeyring, smsKeys: async () => source.ring };
  return source;
}

/** An active key version with keys derived from a seed and its id, writing since `writesFrom`. */
export function keyVersionOf(seed: string, id: number, writesFrom = '1970-01-01T00:00:00.000Z'): SmsKeyVersion {
  const key = (purpose: string) =>
    createHash('sha256')
      .update(id === 1 ? `${seed}:${purpose}` : `${seed}:${id}:${purpose}`)
      .digest();
  return { id, state: 'active', createdOn: writesFrom.slice(0, 10), writesFrom, hmacKey: key('hmac'), encryptionKey: key('encryption') };
}

/** SmsSender that keeps every message handed to it; `failWith` makes the next sends throw instead. */
export class RecordingSmsSender implements SmsSender {
  readonly sent: SmsMessage[] = [];
  /** Errors to throw, one per coming send, before sending succeeds again. */
  readonly failures: Error[] = [];

  failWith(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async send(message: SmsMessage): Promise<void> {
    const e = this.failures.shift();
    if (e) throw e;
    this.sent.push({ ...message });
  }
}

/** `count` visit ids with the given prefix that the sampling at `percent` picks (`sampled`) or passes over, under `secrets`. */
export function sampledVisitIds(secrets: SmsSecrets, prefix: string, count: number, sampled: boolean, percent = 30): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i > count * 1000 + 1000) throw new Error('the sampling never picks; is the rate 0?');
    const id = `${prefix}-${i}`;
    if (samplingFraction(secrets.hmacKey, id) * 100 < percent === sampled) out.push(id);
  }
  return out;
}
