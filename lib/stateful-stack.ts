/**
 * What must outlive any deployment: the DynamoDB tables, the secrets and the user pool. Kept apart
 * from the functions and the API so a stateless deploy, rollback or teardown can never replace or
 * delete data, keys whose loss orphans stored hashes, or the credentials handed to API clients.
 */
import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { OperationsSettings } from '#shared/platform/operations-settings.ts';
import type { OrgTree } from '#shared/platform/org-tree.ts';
import { secrets, tables, type KeyAttribute, type SecretName, type SecretSpec, type TableName, type TableSpec } from '#shared/manifest.ts';
import { PalauteAuth } from './auth.ts';
import { LogEncryptionKey } from './log-encryption.ts';
import { PalauteEventBus, PalauteMail, type MailSenderConfig } from './notifications.ts';
import { pascal } from './naming.ts';
import { OperationsTopic } from './operations-topic.ts';
import { ManifestSecret, SECRET_FIELDS } from './secrets.ts';
import { TableBackup } from './table-backup.ts';

/** The tables of the manifest, by manifest name; what the stateless stack receives as props. */
export type PalauteTables = Record<TableName, Table>;

/** The secrets of the manifest (each with its generated sources), by manifest name. */
export type PalauteSecrets = Record<SecretName, ManifestSecret>;

/** The secret each manifest secret's functions read, by manifest name; what the stateless stack receives. */
export type PalauteReadableSecrets = Record<SecretName, Secret>;

/** Properties of the stateful stack. */
export interface StatefulStackProps extends StackProps {
  /** Prefix of the Cognito domain serving the token endpoint; see PalauteAuthProps. */
  authDomainPrefix: string;
  /** The dashboard URL staff return to after sign-in; see readContext in palaute-app.ts. */
  dashboardUrl: string;
  /** Whether dashboardUrl is the local placeholder: synth then warns that staff sign-in needs a URL. */
  dashboardUrlIsPlaceholder?: boolean;
  /** The deployment's org tree, for the `org:<nodeId>` staff groups. */
  org: OrgTree;
  /** The region's alarm e-mail and backup retention (`region.operations`). */
  operations: OperationsSettings;
  /**
   * The sender of notification mail (context mailFrom / mailIdentity); without it no SES identity is
   * made. `placeholder` marks the offline-synth stand-in used when a function sends mail but none is set.
   */
  mail?: MailSenderConfig & { placeholder?: boolean };
}

/**
 * Creates every table and secret declared in shared/manifest.ts and the user pool, and outputs
 * what operators and API clients need: table names, secret ARNs, the user pool id, the token and
 * authorization endpoints, the client ids of the patient information system, the operations tools
 * and the staff dashboard, and the dashboard URL the staff client returns to.
 */
export class StatefulStack extends Stack {
  /** The manifest's tables, by manifest name. */
  readonly tables: PalauteTables;
  /** The manifest's secrets with their generated sources, by manifest name. */
  readonly manifestSecrets: PalauteSecrets;
  /** The secrets functions read, by manifest name. */
  readonly secrets: PalauteReadableSecrets;
  /** The user pool, its resource server, domain and API clients. */
  readonly auth: PalauteAuth;
  /** The topic every alarm of the deployment notifies, with the region's e-mail subscribed. */
  readonly operationsTopic: OperationsTopic;
  /** The key of every log group; here because the log groups it encrypts are retained too. */
  readonly logKey: LogEncryptionKey;
  /** The daily backup plan of every table. */
  readonly backup: TableBackup;
  /** The event bus other systems read (`palaute-<regionId>`). */
  readonly eventBus: PalauteEventBus;
  /** The SES identity and configuration set of notification mail, when the deployment has a sender. */
  readonly mail?: PalauteMail;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const entries = Object.entries(tables) as [TableName, TableSpec][];
    this.tables = Object.fromEntries(entries.map(([name, spec]) => [name, manifestTable(this, name, spec)])) as PalauteTables;
    for (const [name, table] of Object.entries(this.tables)) {
      new CfnOutput(this, `${pascal(name)}TableName`, { value: table.tableName, description: `Name of the ${name} table` });
    }

    this.backup = new TableBackup(this, 'Backup', { tables: this.tables, retentionDays: props.operations.backupRetentionDays });
    this.operationsTopic = new OperationsTopic(this, 'Operations', { alarmEmail: props.operations.alarmEmail });
    this.logKey = new LogEncryptionKey(this, 'Logs');
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operationsTopic.topic.topicArn,
      description: 'SNS topic every alarm notifies (ALARM and OK); subscribe further on-call targets here',
    });
    new CfnOutput(this, 'BackupVaultName', {
      value: this.backup.vault.backupVaultName,
      description: 'AWS Backup vault holding the daily recovery points of every table',
    });

    const secretEntries = Object.entries(secrets) as [SecretName, SecretSpec][];
    this.manifestSecrets = Object.fromEntries(
      secretEntries.map(([name, spec]) => [name, new ManifestSecret(this, `${pascal(name)}Secret`, { spec, fields: SECRET_FIELDS[name] })]),
    ) as PalauteSecrets;
    this.secrets = Object.fromEntries(Object.entries(this.manifestSecrets).map(([name, s]) => [name, s.secret])) as PalauteReadableSecrets;
    for (const [name, secret] of Object.entries(this.secrets)) {
      new CfnOutput(this, `${pascal(name)}SecretArn`, {
        value: secret.secretArn,
        description: `ARN of the ${name} secret (its value appears in no template or output)`,
      });
    }

    this.eventBus = new PalauteEventBus(this, 'Events', { regionId: props.org.regionId });
    new CfnOutput(this, 'EventBusName', {
      value: this.eventBus.bus.eventBusName,
      description: 'EventBridge bus with the Palaute domain events (source palaute); other systems add their rules here',
    });
    new CfnOutput(this, 'EventBusArn', { value: this.eventBus.bus.eventBusArn, description: 'ARN of the event bus' });
    if (props.mail) {
      this.mail = new PalauteMail(this, 'Mail', { regionId: props.org.regionId, sender: props.mail });
      new CfnOutput(this, 'MailIdentity', {
        value: this.mail.identity.emailIdentityName,
        description: props.mail.placeholder
          ? 'PLACEHOLDER: deploy with -c mailFrom=<sender address> (and -c mailIdentity=<its domain> to verify the domain)'
          : props.mail.identity.includes('@')
            ? 'SES identity of notification mail: confirm the link SES mails to this address, then request production access for the account'
            : 'SES identity of notification mail: publish the three DKIM CNAME records (SES console or get-email-identity), then request production access for the account',
      });
      if (props.mail.placeholder) {
        Annotations.of(this.mail).addWarningV2(
          'palaute:mail-from-placeholder',
          `A function sends mail but the deployment names no sender: ${props.mail.from} stands in. Deploy with -c mailFrom=<sender address>.`,
        );
      }
    }

    this.auth = new PalauteAuth(this, 'Auth', { domainPrefix: props.authDomainPrefix, dashboardUrl: props.dashboardUrl, org: props.org });
    new CfnOutput(this, 'UserPoolId', {
      value: this.auth.userPool.userPoolId,
      description: 'Cognito user pool that issues the API access tokens',
    });
    new CfnOutput(this, 'TokenEndpoint', {
      value: this.auth.tokenEndpoint,
      description:
        'OAuth 2.0 token endpoint (client credentials: POST grant_type=client_credentials&scope=palaute/visits:write, or palaute/sms:read for the operations client)',
    });
    new CfnOutput(this, 'PatientInformationSystemClientId', {
      value: this.auth.pisClient.userPoolClientId,
      description: 'Client id of the patient information system; its secret is read from the Cognito console or describe-user-pool-client',
    });
    new CfnOutput(this, 'OperationsClientId', {
      value: this.auth.operationsClient.userPoolClientId,
      description:
        'Client id of the operations/monitoring tools (scope palaute/sms:read, for GET /api/sms/stats); its secret is read from the Cognito console or describe-user-pool-client',
    });
    new CfnOutput(this, 'StaffClientId', {
      value: this.auth.staffClient.userPoolClientId,
      description:
        'Client id of the staff dashboard (public client, authorization code with PKCE, scopes openid and palaute/reports:read); it has no secret',
    });
    new CfnOutput(this, 'AuthorizeEndpoint', {
      value: this.auth.authorizeEndpoint,
      description: 'OAuth 2.0 authorization endpoint where staff sign in (hosted pages, TOTP)',
    });
    new CfnOutput(this, 'DashboardCallbackUrl', {
      value: props.dashboardUrl,
      description: props.dashboardUrlIsPlaceholder
        ? 'PLACEHOLDER: staff sign-in returns to this local address until the deployment is made with context dashboardUrl (or publicBaseUrl)'
        : 'The only URL the staff client returns signed-in staff to (also the sign-out URL)',
    });
    if (props.dashboardUrlIsPlaceholder) {
      Annotations.of(this.auth.staffClient).addWarningV2(
        'palaute:dashboard-url-placeholder',
        `The staff client's callback is the placeholder ${props.dashboardUrl}: staff sign-in will not work on AWS. Deploy again with -c dashboardUrl=<the PalauteStateless DashboardUrl output>, or with -c publicBaseUrl=<origin> when a custom domain fronts the API.`,
      );
    }
  }
}

/**
 * One manifest table. The classic Table (AWS::DynamoDB::Table) rather than TableV2: cdk-nag's
 * DynamoDB rules inspect only the former, and this app has no replicas to gain from GlobalTable.
 */
function manifestTable(scope: Construct, name: TableName, spec: TableSpec): Table {
  const table = new Table(scope, `${pascal(name)}Table`, {
    partitionKey: attribute(spec.partitionKey),
    ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
    ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
    // Feedback arrives in bursts (a campaign, a morning at a clinic); on-demand needs no capacity planning.
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    // The AWS-managed key (aws/dynamodb): encrypted at rest, use logged in CloudTrail, and no key
    // policy to keep in step with every function's role.
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // CloudFormation creates or deletes at most one global secondary index per table update (DynamoDB
  // builds a new index by backfilling it from the table, and one update may carry one such change).
  // Adding two indexes to an existing table in one manifest change fails the stack update; they must
  // then go out in two deployments. Removing one is the same kind of change (byDay went in one
  // update); the app is not yet released, so no deployed table needs that staging now.
  for (const index of spec.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
    });
  }
  return table;
}

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPE[key.type] };
}

const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING };
