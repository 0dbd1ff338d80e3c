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

/**
 * Why the SMS secrets do not rotate automatically; the HIPAA SecretsManagerRotationEnabled
 * acknowledgement. Rotation is a manual runbook (README "Rotating the SMS keys").
 */
const ROTATION_REASON = `${SMG4_REASON} Rotation is a manual, planned procedure: README section "Rotating the SMS keys".`;

/**
 * Why the secrets use the AWS-managed key; the HIPAA SecretsManagerUsingKMSKey acknowledgement.
 */
const AWS_MANAGED_KEY_REASON =
  'Encrypted at rest with the AWS-managed key aws/secretsmanager, whose use CloudTrail logs. Access is decided by IAM: only the composed secret is granted, with secretsmanager:GetSecretValue on its ARN alone, to the functions whose manifest entry lists it; nothing may read the source secrets. A customer-managed key would add a key policy to keep in step with those roles but no reader the IAM grants do not already exclude.';

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
        acknowledgeSecretFindings(source);
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
    acknowledgeSecretFindings(this.secret);
  }
}

/** The same decisions hold for the composed secret and its sources: no automatic rotation, the AWS-managed key. */
function acknowledgeSecretFindings(secret: Secret): void {
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: SMG4_REASON });
  Validations.of(secret).acknowledge({ id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: ROTATION_REASON });
  Validations.of(secret).acknowledge({ id: 'HIPAA.Security-SecretsManagerUsingKMSKey', reason: AWS_MANAGED_KEY_REASON });
}
