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
 * The JSON fields of each secret as a deployment generates them (shared/sms/key-versions.ts and
 * local/secrets-file.ts): each a random string whose SHA-256 digest the app uses as a 32-byte key
 * (deriveSmsSecrets). A plain hash, no HKDF or other KDF: the strength is the string's randomness.
 * The app reads this single pair as key version 1; a rotation rewrites the secret as
 * `{"versions":[…]}` (README "Rotating the SMS keys").
 */
export const SECRET_FIELDS: Record<SecretName, readonly string[]> = { sms: ['hmacKey', 'encryptionKey'] };

/**
 * How each field's value is generated: 48 letters and digits, ~285 bits from 62 symbols — more than
 * the 256-bit key SHA-256 makes of it, and above the app's 32-character minimum. No punctuation, so
 * the value survives any shell or JSON handling unquoted.
 */
export const GENERATED_FIELD = { length: 48, excludePunctuation: true } as const;

/**
 * Why the SMS secret has no Secrets Manager rotation schedule (cdk-nag AwsSolutions-SMG4, and the
 * HIPAA pack's HIPAA.Security-SecretsManagerRotationEnabled, which checks the same thing): it is
 * rotated by key versions, by hand, following the README's runbook.
 */
export const SECRET_ROTATION_REASON =
  'Rotated by key versions, not by a rotation Lambda: the secret holds a list of versions, functions look phone-number and visit hashes up under every active version and write under the newest, so an opt-out or cooldown made under an older version is never lost. A rotation Lambda replacing the value would forget every opt-out (people who refused SMS would be texted again) and make pending invitations undeliverable. Operators add and retire versions with npm run sms:rotate-key (README "Rotating the SMS keys": yearly, and at once after a suspected leak); retiring is refused while opt-outs, running cooldowns or pending invitations still need the version.';

/**
 * Why a generated source secret has no rotation schedule: it is only the deploy-time seed of one
 * field of key version 1, read by no function; rotation adds versions to the composed secret.
 */
export const SOURCE_ROTATION_REASON =
  'Deploy-time seed of one field of SMS key version 1, granted to no function and read only by CloudFormation when it composes the SMS secret. Keys are rotated by adding key versions to the composed SMS secret (README "Rotating the SMS keys"), never by changing this value, which would replace version 1 on the next deployment and orphan every hash made under it.';

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
 * Only the composed secret is granted to functions. The sources must stay: CloudFormation resolves
 * the references again whenever it updates the composed secret, which would put the single pair
 * (version 1 only) back over a rotated `{"versions":[…]}` value. So after a rotation this construct's
 * properties must not change (the runbook has `cdk diff` checked before every deployment).
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
        acknowledgeSecretFindings(source, SOURCE_ROTATION_REASON);
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
    acknowledgeSecretFindings(this.secret, SECRET_ROTATION_REASON);
  }
}

/** The same decisions hold for the composed secret and its sources: no automatic rotation, the AWS-managed key. */
function acknowledgeSecretFindings(secret: Secret, rotationReason: string): void {
  // AwsSolutions-SMG4 and HIPAA's rotation rule check the same thing, so they get the same reason.
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotationReason });
  Validations.of(secret).acknowledge({ id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: rotationReason });
  Validations.of(secret).acknowledge({ id: 'HIPAA.Security-SecretsManagerUsingKMSKey', reason: AWS_MANAGED_KEY_REASON });
}
