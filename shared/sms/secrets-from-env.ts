import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { localAdapter, requireEnv } from '../platform/index.ts';
import { SecretsManagerSource } from './secrets-manager-source.ts';
import { SMS_ENV } from './manifest.ts';
import type { SecretsSource } from './secrets.ts';

/** The SMS secret's source: Secrets Manager (ARN from the secret's env var) on Lambda, a file locally. */
export function smsSecretsSource(): SecretsSource {
  return (
    localAdapter<SecretsSource>('secrets') ??
    new SecretsManagerSource(new SecretsManagerClient({}), requireEnv(SMS_ENV.secret, 'ARN of the sms secret'))
  );
}
