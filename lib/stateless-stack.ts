/**
 * Everything that can be replaced at will: the functions, the HTTP API with its JWT authorizer, the
 * queues and the schedules, built from the manifest. Tables, secrets and the user pool come in as
 * props from the stateful stack.
 */
import { Annotations, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  functions,
  keys as manifestKeys,
  ORIGIN_SECRET_ENV,
  WORKBENCH_AUTH_ENV,
  PULSE_AUTH_ENV,
  queues,
  routes,
  schedules,
  secrets,
  tables,
  type DynamoAction,
  type FunctionName,
  type FunctionSpec,
  type KeyName,
  type KmsAction,
  type QueueName,
  type QueueSpec,
  type ScheduleSpec,
  type SecretName,
  type TableName,
} from '#shared/manifest.ts';
import { ScheduledFunctionAlarms } from './alarms.ts';
import { DASHBOARD_PATH, PULSE_PAGE_PATH, qualifiedScope, staffPageUrl, WORKBENCH_PATH } from './auth.ts';
import { PalauteEdge, type EdgeCustomDomain } from './edge.ts';
import { pascal } from './naming.ts';
import type { MailSender } from './notifications.ts';
import { PalauteFunction } from './palaute-function.ts';
import type { ClassifierSettings } from '#shared/text/settings.ts';
import { ManifestQueue } from './queues.ts';
import { ManifestSchedule } from './schedules.ts';

/** How the dashboard page signs staff in through Cognito; see PalauteFunction.bindStaffSignIn. */
export interface StaffSignIn {
  /** The Cognito domain's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authUrl: string;
  /** The staff dashboard client's id. */
  clientId: string;
  /** The callback registered on the client; omitted while it is the local placeholder. */
  dashboardUrl?: string;
}

/** Name of a schedule in the manifest (the manifest exports no such type). */
export type ScheduleName = keyof typeof schedules;

/** Properties of the stateless stack. */
export interface StatelessStackProps extends StackProps {
  /** The manifest's tables, from the stateful stack. */
  tables: Record<TableName, ITable>;
  /** Default route throttling of the API stage; see DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
  /** How long function and access logs are kept; see DEFAULT_LOG_RETENTION. */
  logRetention?: RetentionDays;
  /** The key that encrypts every log group, from the stateful stack (LogEncryptionKey). */
  logKey: IKey;
  /** The manifest's secrets, from the stateful stack. */
  secrets: Record<SecretName, ISecret>;
  /** The manifest's KMS keys, from the stateful stack. */
  keys: Record<KeyName, IKey>;
  /**
   * Issuer and accepted clients of the API's access tokens, from the stateful stack, and what the
   * dashboard page needs to sign staff in (without it the page says sign-in is not configured).
   */
  auth: { userPool: IUserPool; apiClients: IUserPoolClient[]; staffSignIn?: StaffSignIn };
  /**
   * Origin of one-time links and pages (`https://palaute.example.fi`, no trailing slash), when a custom
   * domain fronts the API; defaults to the CloudFront distribution's own address.
   */
  publicBaseUrl?: string;
  /** What the CloudFront distribution in front of the API needs; see lib/edge.ts. */
  edge: {
    /** ARN of the web ACL (EdgeFirewallStack, us-east-1). */
    webAclArn: string;
    /** The ACL's per-IP limit, named in the cdk-nag reasons of the public routes. */
    rateLimitPer5Min: number;
    /** The distribution's custom domain, when context gives publicBaseUrl and edgeCertificateArn. */
    customDomain?: EdgeCustomDomain;
    /** Version of the origin secret to resolve; see PalauteEdgeProps.originSecretVersion. */
    originSecretVersion?: string;
  };
  /** SMS spend this month, in USD, above which the spend alarm fires; see DEFAULT_SMS_SPEND_ALARM_USD. */
  smsSpendAlarmUsd?: number;
  /**
   * From the stateful stack: the bus functions with `publishesEvents` put on, and the mail sender of
   * functions with `sendsMail` (required when one does).
   */
  notifications: { eventBus: IEventBus; mail?: MailSender };
  /** The region config's classifier switch: functions with `invokesModel` get Bedrock only when it is on. */
  classifier?: ClassifierSettings;
}

/**
 * Month-to-date SMS spend that raises the alarm, a default for a pilot. A deployment sets context
 * `smsSpendAlarmUsd` just above its expected monthly spend (SNS prices SMS per destination country),
 * so crossing it means a change in volume or a fault such as a sending loop.
 */
export const DEFAULT_SMS_SPEND_ALARM_USD = 100;

/**
 * Stage-wide default throttling. The national 10× design load is ~550 k answers a day, a few per
 * second on average; 100 requests/s steady with bursts of 200 leaves room for a morning peak and
 * the form page loads, and caps what one abuser can cost well below the account's 10 000 rps.
 */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 100, burstLimit: 200 };

/** Long enough to investigate an incident reported weeks later, short enough to bound log cost. */
export const DEFAULT_LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * Access log line. Deliberately without source IP, user agent or query string: answers are
 * anonymous, and an access log must not be the thing that ties an answer to a person.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTimeEpoch: '$context.requestTimeEpoch',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  }),
);

/** The functions and the HTTP API of the manifest, with the table access each function declares. */
export class StatelessStack extends Stack {
  /** The manifest's functions, by manifest name. */
  readonly functions: Record<FunctionName, PalauteFunction>;
  /** The HTTP API. */
  readonly api: HttpApi;
  /** The API's `$default` stage, carrying access logging and throttling. */
  readonly stage: HttpStage;
  /** The JWT authorizer of the routes that declare scopes. */
  readonly authorizer: HttpUserPoolAuthorizer;
  /** CloudFront and its origin secret in front of the API; the public address. */
  readonly edge: PalauteEdge;
  /** The manifest's queues, with dead-letter queues and alarms, by manifest name. */
  readonly queues: Record<QueueName, ManifestQueue>;
  /** The manifest's schedules, by manifest name. */
  readonly schedules: Record<ScheduleName, ManifestSchedule>;
  /** Error, duration and missed-run alarms of each schedule's function, by schedule name. */
  readonly scheduleAlarms: Record<ScheduleName, ScheduledFunctionAlarms>;
  /** In alarm when this month's SMS spend passes the threshold; only when some function sends SMS. */
  readonly smsSpendAlarm?: Alarm;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? DEFAULT_LOG_RETENTION;

    const fnEntries = Object.entries(functions) as [FunctionName, FunctionSpec][];
    this.functions = Object.fromEntries(
      fnEntries.map(([name, spec]) => {
        const fn = new PalauteFunction(this, pascal(name), { name, spec, logRetention, logKey: props.logKey });
        for (const [table, actions] of Object.entries(spec.tables) as [TableName, readonly DynamoAction[]][]) {
          fn.bindTable(props.tables[table], tables[table], actions);
        }
        for (const secret of spec.secrets ?? []) fn.bindSecret(props.secrets[secret], secrets[secret]);
        for (const [key, actions] of Object.entries(spec.keys ?? {}) as [KeyName, readonly KmsAction[]][])
          fn.bindKey(props.keys[key], manifestKeys[key], actions);
        if (spec.publishesEvents) fn.bindEventBus(props.notifications.eventBus);
        if (spec.invokesModel && props.classifier?.kind === 'bedrock') fn.bindModel(props.classifier);
        if (spec.sendsMail) {
          if (!props.notifications.mail) throw new Error(`${name} sends mail (sendsMail), but the stack was given no mail sender`);
          fn.bindMail(props.notifications.mail);
        }
        return [name, fn];
      }),
    ) as Record<FunctionName, PalauteFunction>;

    const queueEntries = Object.entries(queues) as [QueueName, QueueSpec][];
    this.queues = Object.fromEntries(
      queueEntries.map(([name, spec]) => {
        const consumer = this.functions[spec.consumer];
        const consumerTimeout = Duration.seconds(functions[spec.consumer].timeoutSeconds);
        const queue = new ManifestQueue(this, `${pascal(name)}Queue`, { spec, consumerTimeout });
        consumer.consumeQueue(queue.queue, spec);
        return [name, queue];
      }),
    ) as Record<QueueName, ManifestQueue>;
    for (const [name, spec] of fnEntries) {
      for (const queue of spec.sendsTo ?? []) this.functions[name].bindQueueSend(this.queues[queue].queue, queues[queue]);
    }

    const scheduleEntries = Object.entries(schedules) as [ScheduleName, ScheduleSpec][];
    this.schedules = Object.fromEntries(
      scheduleEntries.map(([name, spec]) => [
        name,
        new ManifestSchedule(this, `${pascal(name)}Schedule`, { spec, target: this.functions[spec.function].function }),
      ]),
    ) as Record<ScheduleName, ManifestSchedule>;
    this.scheduleAlarms = Object.fromEntries(
      scheduleEntries.map(([name, spec]) => [
        name,
        new ScheduledFunctionAlarms(this, `${pascal(name)}Alarms`, {
          spec,
          target: this.functions[spec.function].function,
          timeout: Duration.seconds(functions[spec.function].timeoutSeconds),
        }),
      ]),
    ) as Record<ScheduleName, ScheduledFunctionAlarms>;

    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    // The default stage that HttpApi would create takes neither access logs nor throttling.
    this.api = new HttpApi(this, 'Api', { description: 'Palaute public HTTP API', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention, encryptionKey: props.logKey });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    this.edge = new PalauteEdge(this, 'Edge', {
      apiId: this.api.apiId,
      webAclArn: props.edge.webAclArn,
      ...(props.edge.customDomain ? { customDomain: props.edge.customDomain } : {}),
      ...(props.edge.originSecretVersion ? { originSecretVersion: props.edge.originSecretVersion } : {}),
    });
    if (props.publicBaseUrl && !props.edge.customDomain) {
      Annotations.of(this.edge.distribution).addWarningV2(
        'palaute:public-base-url-without-alias',
        `Links point to ${props.publicBaseUrl}, but the distribution has no alias for it: CloudFront refuses requests for a host it does not know. Deploy with -c edgeCertificateArn=<ACM certificate in us-east-1> so the distribution serves that domain.`,
      );
    }
    // The distribution's address is built from its id, and the distribution depends on the API
    // resource alone (no route or integration), so function → distribution → API is no cycle
    // (test/sms/infra/messaging.test.ts checks).
    const publicBaseUrl = props.publicBaseUrl ?? this.edge.url;
    for (const [name, spec] of fnEntries) {
      if (spec.needsPublicUrl) this.functions[name].bindPublicBaseUrl(publicBaseUrl);
    }
    // Every function serving a route refuses requests that did not come through CloudFront (httpHandler).
    for (const name of new Set(routes.map((r) => r.function))) {
      this.functions[name].function.addEnvironment(ORIGIN_SECRET_ENV, this.edge.originSecretValue);
    }
    // The function serving the dashboard page learns the Cognito domain, its client and callback.
    const dashboardRoute = routes.find((r) => r.method === 'GET' && r.path === DASHBOARD_PATH);
    if (dashboardRoute && props.auth.staffSignIn) this.functions[dashboardRoute.function].bindStaffSignIn(props.auth.staffSignIn);
    // So does the case workbench's, with its own callback beside the dashboard's.
    const workbenchRoute = routes.find((r) => r.method === 'GET' && r.path === WORKBENCH_PATH);
    const staff = props.auth.staffSignIn;
    if (workbenchRoute && staff) {
      this.functions[workbenchRoute.function].bindStaffSignIn(
        { ...staff, ...(staff.dashboardUrl ? { dashboardUrl: staffPageUrl(staff.dashboardUrl, WORKBENCH_PATH) } : {}) },
        WORKBENCH_AUTH_ENV,
      );
    }
    // And the pulse page's.
    const pulseRoute = routes.find((r) => r.method === 'GET' && r.path === PULSE_PAGE_PATH);
    if (pulseRoute && staff) {
      this.functions[pulseRoute.function].bindStaffSignIn(
        { ...staff, ...(staff.dashboardUrl ? { dashboardUrl: staffPageUrl(staff.dashboardUrl, PULSE_PAGE_PATH) } : {}) },
        PULSE_AUTH_ENV,
      );
    }

    // Cognito access tokens carry no `aud`; API Gateway then checks `client_id` against these clients.
    this.authorizer = new HttpUserPoolAuthorizer('JwtAuthorizer', props.auth.userPool, {
      userPoolClients: props.auth.apiClients,
      authorizerName: 'cognito-jwt',
    });

    const protection =
      `What bounds any caller's cost: AWS WAF at CloudFront blocks an IP address above ${props.edge.rateLimitPer5Min} requests per 5 minutes (and AWS's managed rules block known-bad traffic), ` +
      `the functions refuse requests that bypass CloudFront (no origin header), and API Gateway's stage throttling (${throttle.rateLimit ?? 'account default'} requests/s, burst ${throttle.burstLimit ?? 'account default'}) is the backstop for the whole API.`;

    // One integration per function, shared by its routes: API Gateway needs one per target, and
    // each route still gets its own invoke permission scoped to its path.
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.function)}Integration`, this.functions[route.function].function);
        integrations.set(route.function, integration);
      }
      const scopes = route.scopes ?? [];
      const httpRoutes = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        // API Gateway answers 401 without a valid token and 403 without every listed scope, before the handler runs.
        ...(scopes.length > 0 ? { authorizer: this.authorizer, authorizationScopes: scopes.map(qualifiedScope) } : {}),
      });
      if (scopes.length > 0) continue;
      // The manifest's types demand scopes or a reason; this catches a reason left empty.
      const why = route.public?.trim();
      if (!why)
        throw new Error(
          `${route.method} ${route.path} has no scopes, but its manifest entry states no reason (public) why ${route.function} may be public`,
        );
      for (const httpRoute of httpRoutes) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design. ${why} ${protection}`,
        });
      }
    }

    if (fnEntries.some(([, spec]) => spec.sendsSms)) {
      // SNS reports this account-wide metric (no dimensions) while SMS are sent in the month. The
      // account's hard SMS spend limit is an SNS account setting, not a CloudFormation resource.
      this.smsSpendAlarm = new Alarm(this, 'SmsSpendAlarm', {
        alarmDescription: `SMS spend this month is over ${props.smsSpendAlarmUsd ?? DEFAULT_SMS_SPEND_ALARM_USD} USD`,
        metric: new Metric({
          namespace: 'AWS/SNS',
          metricName: 'SMSMonthToDateSpentUSD',
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
        threshold: props.smsSpendAlarmUsd ?? DEFAULT_SMS_SPEND_ALARM_USD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    new CfnOutput(this, 'PublicUrl', {
      value: publicBaseUrl,
      description: 'The public address (CloudFront with AWS WAF): the form is <PublicUrl>/f/<unitId>; SMS links and the dashboard use it',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.edge.distribution.distributionDomainName,
      description: 'The CloudFront domain; point a custom domain (context publicBaseUrl) at it with a CNAME or alias record',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.stage.url,
      description:
        "The HTTP API's own execute-api address, the distribution's origin; requests to it without CloudFront's origin header are refused (403)",
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `${publicBaseUrl}${DASHBOARD_PATH}`,
      description:
        'The staff dashboard; give it to the deployment as context dashboardUrl (or set publicBaseUrl) so the staff client may return to it after sign-in',
    });
    for (const [name, queue] of Object.entries(this.queues)) {
      new CfnOutput(this, `${pascal(name)}QueueUrl`, { value: queue.queue.queueUrl, description: `URL of the ${name} queue` });
      new CfnOutput(this, `${pascal(name)}DeadLetterQueueName`, {
        value: queue.deadLetterQueue.queueName,
        description: `Name of the ${name} dead-letter queue, to inspect and redrive failed messages`,
      });
    }
  }
}
