/**
 * The one way a Lambda function is made in this app: every manifest function gets the same runtime,
 * architecture, tracing, log group, bundling and role, so a new function cannot quietly differ.
 */
import { resolve } from 'node:path';
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  splitGrants,
  type DynamoAction,
  type FunctionName,
  type FunctionSpec,
  type KeySpec,
  type KmsAction,
  type QueueSpec,
  type SecretSpec,
  type TableSpec,
} from '#shared/manifest.ts';
import {
  DASHBOARD_AUTH_ENV,
  EVENT_BUS_NAME_ENV,
  EVENT_SOURCE,
  MAIL_CONFIGURATION_SET_ENV,
  MAIL_FROM_ENV,
  PUBLIC_BASE_URL_ENV,
} from '#shared/manifest.ts';
import { EVENT_TYPES } from '#shared/platform/event-port.ts';
import { BEDROCK_ENV, DEFAULT_BEDROCK_TIMEOUT_MS } from '#shared/cases/bedrock-classifier.ts';
import type { ClassifierSettings } from '#shared/text/settings.ts';
import { BUNDLING, LAMBDA_NODE_MAJOR, sidecarEsbuildArgs, sidecarsOf } from './bundling.ts';
import {
  apiConcurrencyReason,
  AsyncDeadLetterQueue,
  invocationOf,
  noDeadLetterReason,
  reservedConcurrencyOf,
  type Invocation,
} from './invocation.ts';
import type { MailSender } from './notifications.ts';
import { REPO_ROOT } from './paths.ts';

/** The Lambda runtime matching LAMBDA_NODE_MAJOR, so bundling target and runtime cannot disagree. */
export const LAMBDA_RUNTIME = lambdaRuntime(LAMBDA_NODE_MAJOR);

function lambdaRuntime(major: number): Runtime {
  const name = `nodejs${major}.x`;
  // Looked up rather than constructed so that a major this aws-cdk-lib does not know fails synth.
  const runtime = Runtime.ALL.find((r) => r.name === name);
  if (!runtime) throw new Error(`aws-cdk-lib has no Lambda runtime ${name} (LAMBDA_NODE_MAJOR in lib/bundling.ts)`);
  return runtime;
}

/** Properties of a PalauteFunction: the manifest entry plus deployment-wide choices. */
export interface PalauteFunctionProps {
  /** The function's manifest name; what invokes it (routes, queues, schedules) is looked up by it. */
  name: FunctionName;
  /** The function's manifest entry; its entry path is relative to the repository root. */
  spec: FunctionSpec;
  /** How long the function's logs are kept. */
  logRetention: RetentionDays;
  /** The customer-managed key of the deployment's log groups (LogEncryptionKey). */
  logKey: IKey;
}

/** Why no function runs in a VPC; the HIPAA LambdaInsideVPC acknowledgement. */
const NO_VPC_REASON =
  "The function reaches only AWS service endpoints (DynamoDB, SQS, SNS, SES, EventBridge, Secrets Manager, CloudWatch Logs, X-Ray) over TLS, each call authorised by IAM with this function's own role; there are no VPC resources (databases, caches, private hosts) in this system. A VPC would need NAT gateways or interface endpoints per service and would not change who can reach the data, which IAM decides.";

/** Why the roles keep their generated policies inline; the HIPAA IAMNoInlinePolicy acknowledgement. */
export const INLINE_POLICY_REASON =
  "This role's policy is generated per function from its manifest entry (its own log group, the listed DynamoDB actions and indexes, queues and secrets) and belongs to this one role. A managed policy would be reused by nobody, and its versions would duplicate what git and CloudFormation already version; inline, the grants live and die with the role, so no stale permission can outlive a removed function.";

// The variable holding the origin one-time links point to (`needsPublicUrl`), without a trailing slash; declared in the manifest's vocabulary.
export { PUBLIC_BASE_URL_ENV };

/**
 * A manifest function as a NodejsFunction with the project's fixed settings, its own log group and
 * its own role. The role carries only what is bound to it: write access to its own log group, X-Ray
 * segments, SMS publishing if the manifest says `sendsSms`, sending to its own dead-letter queue if
 * it is scheduled, and what the `bind…` methods add — no managed policy. What invokes it decides its
 * dead-letter queue and reserved concurrency (lib/invocation.ts).
 */
export class PalauteFunction extends Construct {
  /** The Lambda function. */
  readonly function: NodejsFunction;
  /** The function's log group, created here so retention is set at deploy time, not left to Lambda. */
  readonly logGroup: LogGroup;
  /** The execution role; policies are added by this construct only. */
  readonly role: Role;
  /** What invokes the function, from the manifest. */
  readonly invocation: Invocation;
  /** Where a scheduled function's failed asynchronous events go; only for scheduled functions. */
  readonly deadLetters?: AsyncDeadLetterQueue;

  constructor(scope: Construct, id: string, props: PalauteFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.invocation = invocationOf(props.name);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      // Logs outlive a stack deletion on purpose: they are the audit trail of what happened.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A role of our own instead of the default one, which attaches AWSLambdaBasicExecutionRole and
    // with it logs:CreateLogGroup/PutLogEvents on every log group of the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: own log group, X-Ray, and what the manifest grants it`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    // Only an asynchronous invocation can be dead-lettered; schedules are the only asynchronous callers.
    if (this.invocation.schedules.length > 0)
      this.deadLetters = new AsyncDeadLetterQueue(this, 'DeadLetters', { functionName: props.name });
    const reservedConcurrentExecutions = reservedConcurrencyOf(this.invocation);

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(REPO_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(this.deadLetters ? { deadLetterQueue: this.deadLetters.queue } : {}),
      ...(reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions } : {}),
      bundling: {
        ...({
          format: OUTPUT_FORMAT[BUNDLING.format],
          target: BUNDLING.target,
          minify: BUNDLING.minify,
          sourceMap: BUNDLING.sourceMap,
          externalModules: BUNDLING.externalModules,
          banner: BUNDLING.banner,
          mainFields: BUNDLING.mainFields,
          define: BUNDLING.define,
          // Every BUNDLING setting must be mapped here, so a new one cannot apply to the bench only.
        } satisfies Record<keyof typeof BUNDLING, unknown>),
        // The function's sidecar modules (lib/bundling.ts), built with the same esbuild the bundle was.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            sidecarsOf(spec).map((s) =>
              ['npx', '--no-install', 'esbuild', ...sidecarEsbuildArgs(`${inputDir}/${s.entry}`, `${outputDir}/${s.file}`)]
                .map(shellQuote)
                .join(' '),
            ),
        },
      },
    });

    if (spec.sendsSms) {
      // An SMS to a phone number has no ARN, so sns:Publish cannot name a resource. The Deny takes
      // back every publish that does have one (topics, platform endpoints, in any account), so what
      // remains is direct SMS only — no fan-out to subscribers this function does not know.
      this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }));
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*`] }),
      );
    }

    // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords to this role on Resource "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: spec.sendsSms
        ? 'Resource "*" is used by the X-Ray actions xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions, and by sns:Publish, because an SMS sent to a phone number has no ARN to name. A Deny statement in the same policy forbids sns:Publish to every SNS ARN (topics, platform endpoints), so only direct SMS remains; every other statement names its resources.'
        : 'Only the X-Ray actions xray:PutTraceSegments and xray:PutTelemetryRecords use Resource "*": X-Ray does not support resource-level permissions for them. Every other statement of this role names its log group, table, queue, secret, SES identity or event bus ARNs.',
    });
    Validations.of(this.role).acknowledge({ id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY_REASON });
    Validations.of(this.function).acknowledge({ id: 'HIPAA.Security-LambdaInsideVPC', reason: NO_VPC_REASON });
    if (!this.deadLetters) {
      Validations.of(this.function).acknowledge({
        id: 'HIPAA.Security-LambdaDLQ',
        reason: noDeadLetterReason(props.name, this.invocation),
      });
    }
    if (reservedConcurrentExecutions === undefined) {
      Validations.of(this.function).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason: apiConcurrencyReason(props.name, this.invocation),
      });
    }
    // The runtime is pinned on purpose: LAMBDA_NODE_MAJOR is also the esbuild target and the bench's measure.
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `nodejs${LAMBDA_NODE_MAJOR}.x is a supported Node.js LTS runtime, pinned in lib/bundling.ts together with the esbuild target so the bundle and the runtime agree; a runtime upgrade is a deliberate change there, measured by the bench.`,
    });
  }

  /**
   * Gives the function one manifest table: its name in the table's environment variable, exactly
   * the listed actions on the table, and Query on each index the manifest names (`dynamodb:Query@byDue`)
   * and no other. BatchGetItem and BatchWriteItem are authorised per table named in the request, so
   * the table ARN is their resource too.
   */
  bindTable(table: ITable, spec: TableSpec, actions: readonly DynamoAction[]): void {
    this.function.addEnvironment(spec.envVar, table.tableName);
    const { tableActions, queryIndexes } = splitGrants(actions);
    if (tableActions.length > 0)
      this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: tableActions, resources: [table.tableArn] }));
    for (const index of queryIndexes) {
      if (!spec.indexes.some((i) => i.name === index))
        throw new Error(`A grant names dynamodb:Query@${index}, but the table has no index ${index}`);
    }
    if (queryIndexes.length > 0) {
      const indexArns = queryIndexes.map((index) => `${table.tableArn}/index/${index}`);
      this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:Query'], resources: indexArns }));
    }
  }

  /**
   * Lets the function send to one manifest queue: its URL in the queue's environment variable and
   * sqs:SendMessage on that queue only (which also covers SendMessageBatch).
   */
  bindQueueSend(queue: IQueue, spec: QueueSpec): void {
    this.function.addEnvironment(spec.envVar, queue.queueUrl);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
  }

  /**
   * Makes the function the consumer of one manifest queue. Partial batch responses let one failed
   * message be retried without resending the whole batch; `maxConcurrency` caps how many instances
   * poll at once, which is what keeps an SMS sender within its rate.
   */
  consumeQueue(queue: IQueue, spec: QueueSpec): void {
    this.function.addEventSource(
      new SqsEventSource(queue, { batchSize: spec.batchSize, reportBatchItemFailures: true, maxConcurrency: spec.maxConcurrency }),
    );
  }

  /**
   * Lets the function read one manifest secret: its ARN in the secret's environment variable and
   * secretsmanager:GetSecretValue on that secret only. The secret uses the AWS-managed key, which
   * Secrets Manager decrypts on the caller's behalf, so no kms:Decrypt is needed.
   */
  bindSecret(secret: ISecret, spec: SecretSpec): void {
    this.function.addEnvironment(spec.envVar, secret.secretArn);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
  }

  /**
   * Lets the function use one manifest KMS key: its ARN in the key's environment variable and exactly
   * the listed actions on that key only, and only under an encryption context whose `purpose` is the
   * key's (`kms:EncryptionContext:purpose`), so the grant opens nothing made for another purpose. The
   * submit functions get kms:GenerateDataKey (encrypt a contact), the contact reader kms:Decrypt.
   */
  bindKey(key: IKey, spec: KeySpec, actions: readonly KmsAction[]): void {
    this.function.addEnvironment(spec.envVar, key.keyArn);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...actions],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': spec.purpose } },
      }),
    );
  }

  /**
   * Lets the function send mail (`sendsMail`): the sender and configuration set in MAIL_FROM_ENV and
   * MAIL_CONFIGURATION_SET_ENV, and ses:SendEmail on that identity and configuration set only, from
   * that one address (IAM authorises SendEmail on both resources, so both are named).
   */
  bindMail(sender: MailSender): void {
    this.function.addEnvironment(MAIL_FROM_ENV, sender.from);
    this.function.addEnvironment(MAIL_CONFIGURATION_SET_ENV, sender.configurationSetName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [sender.identityArn, sender.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': sender.from } },
      }),
    );
  }

  /**
   * Lets the function publish events (`publishesEvents`): the bus's name in EVENT_BUS_NAME_ENV and
   * events:PutEvents on that bus only, with source `palaute` and the known event types only, so a
   * role cannot pose as another system on the bus.
   */
  bindEventBus(bus: IEventBus): void {
    this.function.addEnvironment(EVENT_BUS_NAME_ENV, bus.eventBusName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': [...EVENT_TYPES] } },
      }),
    );
  }

  /**
   * Lets the function call the remote classifier (`invokesModel`, with Bedrock switched on in the
   * region config): the profile's id in BEDROCK_ENV, and bedrock:InvokeModel on that EU inference
   * profile, and on the foundation model it names only in EU regions and only through that profile
   * (an EU cross-region profile routes each call to one of the EU regions' copies of the model).
   */
  bindModel(settings: Extract<ClassifierSettings, { kind: 'bedrock' }>): void {
    this.function.addEnvironment(BEDROCK_ENV.modelId, settings.modelId);
    this.function.addEnvironment(BEDROCK_ENV.timeoutMs, String(settings.timeoutMs ?? DEFAULT_BEDROCK_TIMEOUT_MS));
    const profileArn = `arn:${Aws.PARTITION}:bedrock:${settings.region}:${Aws.ACCOUNT_ID}:inference-profile/${settings.modelId}`;
    const baseModel = settings.modelId.replace(/^eu\./, '');
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['bedrock:InvokeModel'], resources: [profileArn] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:${Aws.PARTITION}:bedrock:eu-*::foundation-model/${baseModel}`],
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
      }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:eu-*::foundation-model/${baseModel}]`,
      reason:
        'An EU cross-region inference profile serves each call from one of the EU regions, so the one foundation model it names is allowed in eu-* regions; a condition limits that to calls made through the configured profile (bedrock:InferenceProfileArn), and only this function, only while region.themes.classifier turns Bedrock on, gets it.',
    });
  }

  /** Gives the function the public origin its links point to, in PUBLIC_BASE_URL_ENV. */
  bindPublicBaseUrl(url: string): void {
    this.function.addEnvironment(PUBLIC_BASE_URL_ENV, url);
  }

  /**
   * Gives a staff page what its sign-in needs, in the variables it reads (`env`; the dashboard's
   * DASHBOARD_AUTH_ENV by default): the Cognito domain, the staff client's id (public: it has no
   * secret) and the page's registered callback (`dashboardUrl`, named for the first such page).
   * No permission comes with them; the page's script talks to Cognito from the browser.
   */
  bindStaffSignIn(
    signIn: { authUrl: string; clientId: string; dashboardUrl?: string },
    env: { authUrl: string; clientId: string; pageUrl: string } = {
      authUrl: DASHBOARD_AUTH_ENV.authUrl,
      clientId: DASHBOARD_AUTH_ENV.clientId,
      pageUrl: DASHBOARD_AUTH_ENV.dashboardUrl,
    },
  ): void {
    this.function.addEnvironment(env.authUrl, signIn.authUrl);
    this.function.addEnvironment(env.clientId, signIn.clientId);
    if (signIn.dashboardUrl) this.function.addEnvironment(env.pageUrl, signIn.dashboardUrl);
  }
}

/** One shell word: the hook's commands run in a shell, and paths may hold spaces. */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/** lib/bundling.ts names the format as esbuild does; NodejsFunction wants its enum. */
const OUTPUT_FORMAT: Record<typeof BUNDLING.format, OutputFormat> = { esm: OutputFormat.ESM };
