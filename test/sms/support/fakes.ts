/** Simple fakes of the SMS channel's outside world: the secrets, and an SMS sender whose failures a test scripts. */
import { createHash } from 'node:crypto';
import type { SecretsSource, SmsSecrets } from '#shared/sms/secrets.ts';
import type { SmsMessage, SmsSender } from '#shared/sms/sms-sender.ts';
import { samplingFraction } from '#shared/sms/keyed-hash.ts';

/** SecretsSource with fixed keys derived from a seed, so hashes and sampling decisions repeat from run to run. */
export function fixedSecrets(seed = 'test'): SecretsSource & { secrets: SmsSecrets } {
  const key = (purpose: string) => createHash('sha256').update(`${seed}:${purpose}`).digest();
  const secrets = { hmacKey: key('hmac'), encryptionKey: key('encryption') };
  return { secrets, smsSecrets: async () => secrets };
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
