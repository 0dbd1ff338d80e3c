/**
 * IAM for the local stack. On AWS each function has its own role, made from its manifest entry; here
 * every handler runs in one process and shares one DynamoDB client and one environment, so nothing
 * would stop a handler from touching a table, queue or secret its entry does not grant. This module
 * restores the boundary: every invocation (HTTP route, queue batch, schedule) runs in an
 * AsyncLocalStorage context naming its manifest function, and the handlers' DynamoDB client, the
 * queue stand-ins, the secrets stand-in, the SMS and mail outboxes and the event list refuse what that function's grants do not
 * allow, with the error AWS raises. Grants are read with `splitGrants`, as lib/palaute-function.ts
 * reads them for the real roles, so both runtimes allow exactly the same calls.
 */
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { EventBridgeServiceException } from '@aws-sdk/client-eventbridge';
import { SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { SNSServiceException } from '@aws-sdk/client-sns';
import { SQSServiceException } from '@aws-sdk/client-sqs';
import {
  functions,
  splitGrants,
  tables,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type SecretName,
  type TableName,
} from '#shared/manifest.ts';
import type { DynamoGuard } from '#shared/platform/dynamo.ts';
import type { DomainEvent, EventPublisher } from '#shared/platform/event-port.ts';
import type { Mail, Mailer } from '#shared/platform/mail-port.ts';
import { localScope, withLocalScope } from '#shared/platform/logger.ts';
import type { WorkQueue } from '#shared/platform/work-queue-port.ts';
import type { SecretsSource } from '#shared/sms/secrets.ts';
import type { SmsMessage, SmsSender } from '#shared/sms/sms-sender.ts';

/** What a function may touch: the grant fields of its manifest entry. */
export type FunctionGrants = Pick<FunctionSpec, 'tables' | 'sendsTo' | 'secrets' | 'sendsSms' | 'sendsMail' | 'publishesEvents'>;

/** One call the local IAM refused: who, which IAM action, on which resource ARN. */
export interface Denial {
  function: string;
  action: string;
  resource: string;
}

/** The function an invocation runs as, and the stack whose grants apply. */
interface Invocation {
  fn: FunctionName;
  iam: LocalIam;
}

// Kept in the logger's invocation scope, not an AsyncLocalStorage of its own: one store per process
// (each store adds work to every promise). Per invocation, not per stack: the handlers' DynamoDB client
// is a process singleton and carries one middleware, which must see whichever stack called it.
const invocation = {
  getStore: (): Invocation | undefined => localScope() as Invocation | undefined,
  run: <T>(value: Invocation, f: () => T): T => withLocalScope(value.fn, value, f),
};

/** The account id in the local stack's ARNs. */
const ACCOUNT = '000000000000';
const region = () => process.env.AWS_REGION ?? 'eu-north-1';

/** The ARN of a local queue, as the role's sqs:SendMessage statement names it on AWS. */
export const queueArn = (queue: string) => `arn:aws:sqs:${region()}:${ACCOUNT}:${queue}`;
/** The ARN of a local secret, as the role's secretsmanager:GetSecretValue statement names it on AWS. */
export const secretArn = (secret: string) => `arn:aws:secretsmanager:${region()}:${ACCOUNT}:secret:${secret}`;
/** The ARN of a local table or of one of its indexes, as the role's DynamoDB statements name them. */
export const tableArn = (table: string, index?: string) =>
  `arn:aws:dynamodb:${region()}:${ACCOUNT}:table/${table}${index ? `/index/${index}` : ''}`;

/** The sender identity of the local stack's mail, standing in for the deployment's verified domain or address. */
export const LOCAL_MAIL_IDENTITY = 'palaute.local';
/** The local event bus's name, `palaute-<stage>` as the deployment names its bus. */
export const LOCAL_EVENT_BUS = 'palaute-local';
/** The ARN of the local sender identity, as the role's ses:SendEmail statement names it on AWS. */
export const mailIdentityArn = () => `arn:aws:ses:${region()}:${ACCOUNT}:identity/${LOCAL_MAIL_IDENTITY}`;
/** The ARN of the local event bus, as the role's events:PutEvents statement names it on AWS. */
export const eventBusArn = () => `arn:aws:events:${region()}:${ACCOUNT}:event-bus/${LOCAL_EVENT_BUS}`;

/** The message IAM gives, with the function in place of its assumed role. */
function deniedMessage(fn: string | undefined, action: string, resource: string): string {
  return `User: local/${fn ?? '(none: the handler client was called outside any invocation)'} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}

/** The error each service answers a denied call with, as the SDK surfaces it. */
const DENIED = {
  dynamodb: (message: string) =>
    new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message }),
  secretsmanager: (message: string) =>
    new SecretsManagerServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message }),
  sqs: (message: string) =>
    new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message }),
  sns: (message: string) =>
    new SNSServiceException({ name: 'AuthorizationError', $fault: 'client', $metadata: { httpStatusCode: 403 }, message }),
  ses: (message: string) =>
    new SESv2ServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message }),
  events: (message: string) =>
    new EventBridgeServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message }),
};

/** The member of a TransactWriteItems / TransactGetItems entry → the IAM action it is authorised as. */
const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

/** One (action, table, index) a DynamoDB request is authorised as; IAM checks each of them. */
export interface DynamoRequest {
  action: string;
  table?: string;
  index?: string;
}

interface DynamoInput {
  TableName?: string;
  IndexName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string }>[];
}

/** What IAM authorises a DynamoDB operation as: batches per table named, transactions per item. */
function dynamoRequests(operation: string, input: DynamoInput): DynamoRequest[] {
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem')
    return Object.keys(input.RequestItems ?? {}).map((table) => ({ action: operation, table }));
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return (input.TransactItems ?? []).flatMap((item) =>
      Object.entries(item).map(([kind, req]) => ({
        action: TRANSACT_ACTIONS[kind] ?? kind,
        ...(req?.TableName ? { table: req.TableName } : {}),
      })),
    );
  }
  return [
    { action: operation, ...(input.TableName ? { table: input.TableName } : {}), ...(input.IndexName ? { index: input.IndexName } : {}) },
  ];
}

/**
 * The `dynamoGuard` local adapter: adds to the handlers' DynamoDB client a middleware that checks
 * every request against the grants of the function it runs in, before anything reaches dynalite.
 * The client is the handlers' only; a call outside any invocation is refused, so an escaped context
 * cannot pass unchecked. Tests, seeding and the bench use clients of their own and are not checked.
 */
export const dynamoGuard: DynamoGuard = (client) => {
  client.middlewareStack.add(
    // Not async (an extra promise per call would be timed in every request); a denial is still a
    // rejected promise, as from AWS, never a synchronous throw out of `send`.
    (next, context) => (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const current = invocation.getStore();
      for (const req of dynamoRequests(operation, args.input as DynamoInput)) {
        if (current?.iam.allowsDynamo(current.fn, req)) continue;
        // Only a denial builds the ARN: this check runs on every call of every handler.
        const action = `dynamodb:${req.action}`;
        const resource = req.table ? tableArn(req.table, req.index) : '*';
        try {
          if (!current) throw DENIED.dynamodb(deniedMessage(undefined, action, resource));
          current.iam.deny(current.fn, 'dynamodb', action, resource);
        } catch (e) {
          return Promise.reject(e);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'palauteLocalIam', priority: 'high' },
  );
};

/** A function's grants on one table as IAM reads them: actions on the table, Query per index. */
interface TableGrants {
  tableActions: ReadonlySet<string>;
  queryIndexes: ReadonlySet<string>;
}

/** Splits a function's table grants once, as lib/palaute-function.ts splits them into statements. */
function tableGrantsOf(grants: FunctionGrants): Map<TableName, TableGrants> {
  const out = new Map<TableName, TableGrants>();
  for (const [table, actions] of Object.entries(grants.tables) as [TableName, FunctionGrants['tables'][TableName]][]) {
    const { tableActions, queryIndexes } = splitGrants(actions ?? []);
    out.set(table, { tableActions: new Set(tableActions), queryIndexes: new Set(queryIndexes) });
  }
  return out;
}

/** Whether `narrower` grants nothing that `wider` does not. */
function withinGrants(narrower: FunctionGrants, wider: FunctionGrants): boolean {
  const tablesOk = Object.entries(narrower.tables).every(([t, actions]) =>
    (actions ?? []).every((a) => wider.tables[t as TableName]?.includes(a)),
  );
  return (
    tablesOk &&
    (narrower.sendsTo ?? []).every((q) => wider.sendsTo?.includes(q)) &&
    (narrower.secrets ?? []).every((s) => wider.secrets?.includes(s)) &&
    (!narrower.sendsSms || !!wider.sendsSms) &&
    (!narrower.sendsMail || !!wider.sendsMail) &&
    (!narrower.publishesEvents || !!wider.publishesEvents)
  );
}

/** A function's grants in its manifest entry, copied so that restricting one never touches the manifest. */
const grantsOfSpec = (spec: FunctionSpec): FunctionGrants => ({
  tables: spec.tables,
  ...(spec.sendsTo ? { sendsTo: spec.sendsTo } : {}),
  ...(spec.secrets ? { secrets: spec.secrets } : {}),
  ...(spec.sendsSms ? { sendsSms: true } : {}),
  ...(spec.sendsMail ? { sendsMail: true } : {}),
  ...(spec.publishesEvents ? { publishesEvents: true } : {}),
});

/** A stack's grants, from the manifest: runs invocations as their function and checks the stand-ins. */
export class LocalIam {
  private readonly grants = new Map<FunctionName, FunctionGrants>();
  private readonly tableGrants = new Map<FunctionName, Map<TableName, TableGrants>>();
  private readonly byPhysicalName: ReadonlyMap<string, TableName>;
  private readonly denied: Denial[] = [];

  /**
   * `specs` are the functions whose grants apply: the manifest's, or (in a test of a grant no manifest
   * function uses yet) the manifest's plus test-only entries, run under a name cast to FunctionName.
   */
  constructor(
    tableNames: Readonly<Record<TableName, string>>,
    private readonly specs: Readonly<Record<string, FunctionSpec>> = functions,
  ) {
    this.byPhysicalName = new Map(Object.entries(tableNames).map(([t, name]) => [name, t as TableName]));
    // The same check the CDK app makes at synth: a Query grant on an index the table lacks is a typo.
    for (const [fn, spec] of Object.entries(specs) as [FunctionName, FunctionSpec][]) {
      for (const [table, actions] of Object.entries(spec.tables) as [TableName, FunctionSpec['tables'][TableName]][]) {
        for (const index of splitGrants(actions ?? []).queryIndexes) {
          if (!tables[table].indexes.some((i) => i.name === index))
            throw new Error(`${fn}: a grant names dynamodb:Query@${index}, but table ${table} has no index ${index}`);
        }
      }
    }
  }

  /** Runs `f` as function `fn`: every checked call made inside it, however late, is `fn`'s. */
  run<T>(fn: FunctionName, f: () => T): T {
    return invocation.run({ fn, iam: this }, f);
  }

  /** A handler that always runs as `fn`, whoever calls it (a route, a queue, a schedule). */
  handler<A extends unknown[], R>(fn: FunctionName, h: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      const context = args[1];
      // A Lambda context (fresh per invocation): the handler's wrapper (httpHandler, eventHandler)
      // opens the invocation's scope with what is put on it, so no second scope is opened here.
      if (context !== null && typeof context === 'object' && 'awsRequestId' in context) {
        (context as { local?: Invocation }).local = { fn, iam: this };
        return h(...args);
      }
      return this.run(fn, () => h(...args));
    };
  }

  /**
   * Takes grants away from a function until `restoreManifest()`, so a test can show that a handler
   * without a grant fails as it would on AWS. Only narrowing is allowed: a test can never make a
   * handler pass with more than its manifest entry grants.
   */
  restrict(fn: FunctionName, grants: FunctionGrants): void {
    if (!withinGrants(grants, this.manifestGrants(fn)))
      throw new Error(`LocalIam.restrict: the grants given to ${fn} exceed its manifest entry`);
    this.grants.set(fn, grants);
    this.tableGrants.delete(fn);
  }

  /** Gives every function its manifest grants again. */
  restoreManifest(): void {
    this.grants.clear();
    this.tableGrants.clear();
  }

  /** The calls refused so far, oldest first. */
  denials(): Denial[] {
    return [...this.denied];
  }

  /** IAM's decision on one DynamoDB request: table actions on the table, Query alone on each index granted. */
  allowsDynamo(fn: FunctionName, req: DynamoRequest): boolean {
    const table = req.table === undefined ? undefined : this.byPhysicalName.get(req.table);
    if (!table) return false;
    let byTable = this.tableGrants.get(fn);
    if (!byTable) {
      byTable = tableGrantsOf(this.grantsOf(fn));
      this.tableGrants.set(fn, byTable);
    }
    const granted = byTable.get(table);
    if (!granted) return false;
    return req.index ? req.action === 'Query' && granted.queryIndexes.has(req.index) : granted.tableActions.has(`dynamodb:${req.action}`);
  }

  /** Records a refused call and throws the error the service answers it with. */
  deny(fn: FunctionName, service: keyof typeof DENIED, action: string, resource: string): never {
    this.denied.push({ function: fn, action, resource });
    // Names and ARNs only: what the developer needs to fix the grant, and nothing a caller sent.
    console.error(JSON.stringify({ level: 'error', msg: 'local IAM denied a call', function: fn, action, resource }));
    throw DENIED[service](deniedMessage(fn, action, resource));
  }

  /**
   * The queue stand-ins as producers see them: sending needs the queue in `sendsTo`. Outside any
   * invocation (dev routes, tests) they send unchecked, as those are tools, not functions.
   */
  queues(queues: Record<QueueName, WorkQueue>): Record<QueueName, WorkQueue> {
    const guarded = (name: QueueName, q: WorkQueue): WorkQueue => ({
      send: async (body) => {
        this.check('sqs', 'sqs:SendMessage', queueArn(name), (g) => !!g.sendsTo?.includes(name));
        return q.send(body);
      },
    });
    return Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, guarded(name as QueueName, q)])) as Record<
      QueueName,
      WorkQueue
    >;
  }

  /** The secrets stand-in: reading the SMS secret needs `sms` in `secrets`; unchecked outside any invocation. */
  secrets(source: SecretsSource): SecretsSource {
    const sms: SecretName = 'sms';
    return {
      smsKeys: async () => {
        this.check('secretsmanager', 'secretsmanager:GetSecretValue', secretArn(sms), (g) => !!g.secrets?.includes(sms));
        return source.smsKeys();
      },
    };
  }

  /**
   * The SMS outbox as senders see it: publishing needs `sendsSms`. The resource is `*`, as an SMS
   * to a number has no ARN (and the number stays out of the error).
   */
  smsSender(sender: SmsSender): SmsSender {
    return {
      send: async (message: SmsMessage) => {
        this.check('sns', 'sns:Publish', '*', (g) => !!g.sendsSms);
        return sender.send(message);
      },
    };
  }

  /**
   * The mail outbox as senders see it: sending needs `sendsMail`, authorised on the sender identity
   * as on AWS; unchecked outside any invocation.
   */
  mailer(mailer: Mailer): Mailer {
    return {
      send: async (mail: Mail) => {
        this.check('ses', 'ses:SendEmail', mailIdentityArn(), (g) => !!g.sendsMail);
        return mailer.send(mail);
      },
    };
  }

  /** The event list as publishers see it: publishing needs `publishesEvents`, on the bus; unchecked outside any invocation. */
  eventPublisher(publisher: EventPublisher): EventPublisher {
    return {
      publish: async (events: readonly DomainEvent[]) => {
        this.check('events', 'events:PutEvents', eventBusArn(), (g) => !!g.publishesEvents);
        return publisher.publish(events);
      },
    };
  }

  /** What `fn` is granted now: its manifest entry, or what a test restricted it to. */
  private grantsOf(fn: FunctionName): FunctionGrants {
    return this.grants.get(fn) ?? this.manifestGrants(fn);
  }

  /** The grants of `fn`'s entry among the specs this IAM was made with. */
  private manifestGrants(fn: FunctionName): FunctionGrants {
    const spec = this.specs[fn];
    if (!spec) throw new Error(`LocalIam: no function ${fn}`);
    return grantsOfSpec(spec);
  }

  /** Checks a stand-in call against the invocation it runs in, if any. */
  private check(service: keyof typeof DENIED, action: string, resource: string, allowed: (grants: FunctionGrants) => boolean): void {
    const current = invocation.getStore();
    if (current && !allowed(current.iam.grantsOf(current.fn))) current.iam.deny(current.fn, service, action, resource);
  }
}
