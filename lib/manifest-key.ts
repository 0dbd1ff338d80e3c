/**
 * A manifest KMS key (`keys` of a fragment; only `contacts` has one): the customer-managed key of an
 * envelope encryption, rotated yearly and kept when the stack goes, with an alias naming its purpose.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { KeyName, KeySpec } from '#shared/manifest.ts';

/** Properties of a ManifestKey. */
export interface ManifestKeyProps {
  name: KeyName;
  spec: KeySpec;
}

/**
 * The key. Retained like the tables: the data it protects (the contacts table) is retained, and a
 * table whose key is gone cannot be read. Its policy is the account default (IAM decides): each
 * function's role gets only its manifest actions on this key, under the key's encryption-context
 * purpose (lib/palaute-function.ts, `bindKey`).
 */
export class ManifestKey extends Construct {
  /** The KMS key. */
  readonly key: Key;
  /** Its alias, `alias/<stack>-<name>`, so operators find it by what it protects. */
  readonly alias: Alias;

  constructor(scope: Construct, id: string, props: ManifestKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: props.spec.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alias = new Alias(this, 'Alias', { aliasName: `alias/${Stack.of(this).stackName}-${props.name}`, targetKey: this.key });
  }
}
