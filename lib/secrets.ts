/**
 * The manifest's secrets as Secrets Manager secrets whose values CloudFormation generates, so no key
 * material ever passes through a template, a terminal or a repository.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretName, SecretSpec } from '#shared/manifest.ts';
import { pascal } from './naming.ts';

/**
 * The JSON fields of each secret, as the app reads them (shared/sms/secrets-manager-source.ts
 * and local/secrets-file.ts): each a random string whose SHA-256 digest the app uses as a 32-byte
 * key (deriveSmsSecrets). A plain hash, no HKDF or other KDF: the strength is the string's randomness.
 */
export const SECRET_FIELDS: Record<SecretName, readonly string[]> = { sms: ['hmacKey', 'encryptionKey'] };

/**
 * How each field's value is generated: 48 letters and digits, ~285 bits from 62 symbols — more than
 * the 256-bit key SHA-256 makes of it, and above the app's 32-character minimum. No punctuation, so
 * the value survives any shell or JSON handling unquoted.
 */
export const GENERATED_FIELD = { length: 48, excludePunctuation: true } as const;

const SMG4_REASON =
  'This secret holds keys for the keyed hashes of phone numbers (opt-out and cooldown entries, the sampling decision) and for the encrypted numbers in pending invitations. Automatic rotation would silently lose every opt-out, so people who refused SMS would be asked again, and would make pending invitations undeliverable. It is replaced only by hand, after a compromise, as a planned procedure.';

/** Properties of a ManifestSecret. */
export interface ManifestSecretProps {
  spec: SecretSpec;
  /** The JSON fields, each generated independently. */
  fields: readonly string[];
}

/**
 * One manifest secret: a JSON secret with one independently generated random string per field.
 *
 * Secrets Manager generates a single random value per secret, so each field is generated in a
 * source secret of its own, and the secret the functions read is composed from them with
 * CloudFormation dynamic references, resolved at deploy time and never shown in the template.
 * Only the composed secret is granted to functions. The sources must stay and must change with it:
 * CloudFormation resolves the references again whenever it updates the composed secret, so a value
 * replaced by hand in the composed secret alone could be overwritten by a later deployment.
 * Everything is retained: losing the keys orphans every stored hash and makes every pending number
 * unreadable.
 */
export class ManifestSecret extends Construct {
  /** The secret the functions read: `{"<field>": "<48 letters and digits>", …}`. */
  readonly secret: Secret;
  /** The generated source of each field, by field name; nothing is granted to read them. */
  readonly sources: Record<string, Secret>;

  constructor(scope: Construct, id: string, props: ManifestSecretProps) {
    super(scope, id);
    this.sources = Object.fromEntries(
      props.fields.map((field) => {
        const source = new Secret(this, `${pascal(field)}Source`, {
          description: `Generated source of the ${field} field of ${id}; read by no function. Do not delete.`,
          // Changing these settings would generate a new value on the next deployment.
          generateSecretString: {
            passwordLength: GENERATED_FIELD.length,
            excludePunctuation: GENERATED_FIELD.excludePunctuation,
            includeSpace: false,
          },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        Validations.of(source).acknowledge({ id: 'AwsSolutions-SMG4', reason: SMG4_REASON });
        return [field, source];
      }),
    );
    this.secret = new Secret(this, 'Secret', {
      description: `${props.spec.description}. JSON {${props.fields.join(', ')}}, composed at deployment from generated source secrets; each field is a random string whose SHA-256 digest the app uses as a 32-byte key.`,
      secretObjectValue: Object.fromEntries(Object.entries(this.sources).map(([field, source]) => [field, source.secretValue])),
      // The AWS-managed key (aws/secretsmanager): encrypted at rest, use logged in CloudTrail, and
      // readers need only secretsmanager:GetSecretValue, not a key policy kept in step with roles.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: SMG4_REASON });
  }
}
