/**
 * Everything that can be replaced at will: the functions and the HTTP API, built from the manifest's
 * `functions` and `routes`. Tables come in as props from the stateful stack.
 */
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functions, routes, tables, type DynamoAction, type FunctionName, type FunctionSpec, type TableName } from '#shared/manifest.ts';
import { pascal } from './naming.ts';
import { PalauteFunction } from './palaute-function.ts';

/** Properties of the stateless stack. */
export interface StatelessStackProps extends StackProps {
  /** The manifest's tables, from the stateful stack. */
  tables: Record<TableName, ITable>;
  /** Default route throttling of the API stage; see DEFAULT_THROTTLE. */
  throttle?: ThrottleSettings;
  /** How long function and access logs are kept; see DEFAULT_LOG_RETENTION. */
  logRetention?: RetentionDays;
}

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

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? DEFAULT_LOG_RETENTION;

    const fnEntries = Object.entries(functions) as [FunctionName, FunctionSpec][];
    this.functions = Object.fromEntries(
      fnEntries.map(([name, spec]) => {
        const fn = new PalauteFunction(this, pascal(name), { spec, logRetention });
        for (const [table, actions] of Object.entries(spec.tables) as [TableName, readonly DynamoAction[]][]) {
          fn.bindTable(props.tables[table], tables[table], actions);
        }
        return [name, fn];
      }),
    ) as Record<FunctionName, PalauteFunction>;

    // The default stage that HttpApi would create takes neither access logs nor throttling.
    this.api = new HttpApi(this, 'Api', { description: 'Palaute public HTTP API', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    // One integration per function, shared by its routes: API Gateway needs one per target, and
    // each route still gets its own invoke permission scoped to its path.
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.function)}Integration`, this.functions[route.function].function);
        integrations.set(route.function, integration);
      }
      for (const httpRoute of this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration })) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `${route.method} ${route.path} is public by design: its callers are anonymous citizens (feedback forms, unit and survey lists) and uptime monitors, who have no account an authorizer could check. ` +
            `Stage throttling bounds abuse and the handler validates every input${route.method === 'POST' ? '; writes are deduplicated by idempotency keys' : ''}.`,
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
  }
}
