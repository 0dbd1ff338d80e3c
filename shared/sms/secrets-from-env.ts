import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSource } from './secrets-manager-source.ts';
import { secrets, type SecretName } from '../manifest.ts';
import type { SecretsSource } from './secrets.ts';
import { requireEnv } from '../platform/env.ts';
import { localAdapters } from '../platform/local-adapters.ts';

/** A secret source: Secrets Manager (ARN from the secret's env var) on Lambda, a file locally. */
export function secretsSource(name: SecretName): SecretsSource {
  return localAdapters()?.secrets ?? new SecretsManagerSource(new SecretsManagerClient({}), requireEnv(secrets[name].envVar, `ARN of the ${name} secret`));
}
