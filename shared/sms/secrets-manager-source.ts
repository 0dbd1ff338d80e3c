import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsSource, SmsKeyring } from './secrets.ts';
import { parseSmsKeys } from './key-versions.ts';

/**
 * How long a function keeps the keyring it read. A rotation's new version starts writing
 * `DEFAULT_WRITE_DELAY_MINUTES` (15) after it was added, more than twice this, so by then every
 * instance looks it up; a retired version stops being trusted within this time.
 */
export const KEYRING_MAX_AGE_MS = 5 * 60_000;

/** SecretsSource on AWS Secrets Manager; read again once the cached keyring is `maxAgeMs` old. */
export class SecretsManagerSource implements SecretsSource {
  private cached?: { at: number; ring: Promise<SmsKeyring> };
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly maxAgeMs = KEYRING_MAX_AGE_MS,
    /** Monotonic milliseconds; a test passes its own. */
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  smsKeys(): Promise<SmsKeyring> {
    const now = this.nowMs();
    if (!this.cached || now - this.cached.at >= this.maxAgeMs) {
      const ring = this.client
        .send(new GetSecretValueCommand({ SecretId: this.secretId }))
        .then((r) => parseSmsKeys(JSON.parse(r.SecretString ?? '{}')));
      const entry = { at: now, ring };
      this.cached = entry;
      // A failed read must not be cached: the next call reads again (and the stale keyring is not served).
      ring.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return this.cached.ring;
  }
}
