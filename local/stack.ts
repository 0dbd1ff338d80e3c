/**
 * The local stack: dynalite plus every manifest route served through the real handlers on one
 * machine with no AWS account. Used by `npm start`, the integration and e2e tests and the bench.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { AppConfig } from '#shared/config.ts';
import { type ConfigFiles, parseAllConfig } from '#shared/public-info-config.ts';
import {
  functions,
  PUBLIC_BASE_URL_ENV,
  queues,
  routes,
  schedules,
  tables,
  type FunctionName,
  type QueueName,
  type TableName,
} from '#shared/manifest.ts';
import { DYNAMO_CLIENT_SETTINGS, type DynamoClientSettings, type DynamoGuard } from '#shared/platform/dynamo.ts';
import { LOCAL_ADAPTERS } from '#shared/platform/local-adapters.ts';
import { setLineSink, type LineSink } from '#shared/platform/logger.ts';
import type { EventPublisher } from '#shared/platform/event-port.ts';
import type { Mailer } from '#shared/platform/mail-port.ts';
import type { Clock } from '#shared/platform/time.ts';
import type { WorkQueue } from '#shared/platform/work-queue-port.ts';
import type { SmsSender } from '#shared/sms/sms-sender.ts';
import type { SecretsSource } from '#shared/sms/secrets.ts';
import { type DataKeys, LOCAL_CONTACT_KEYS } from '#shared/contacts/index.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { recompute } from '#shared/reporting/aggregate.ts';
import { DynamoCaseLabels } from '#shared/cases/case-labels.ts';
import { localRemoteClassifier } from '#shared/cases/bedrock-classifier.ts';
import type { CommentClassifier } from '#shared/text/index.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { addDays } from '#shared/platform/time.ts';
import { startDynalite } from './dynalite-server.ts';
import { startFaultProxy, type DynamoFaultControl, type FaultProxy } from './fault-proxy.ts';
import { ensureTables } from './dynamo-tables.ts';
import { apiGatewayListener, type LambdaHandler, type LocalRoute } from './http-adapter.ts';
import { lambdaContext } from './lambda-context.ts';
import { demoAnswers } from './demo-answers.ts';
import { demoCases } from './demo-cases.ts';
import { seedDemoEntryCode } from './demo-entry-code.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { DynamoPulseStore } from '#shared/pulse/index.ts';
import { seedDemoPulse } from './demo-pulse.ts';
import { DevAuth } from './dev-auth.ts';
import { DevClock } from './dev-clock.ts';
import { SmsOutbox, type SmsFaults } from './sms-outbox.ts';
import { MailOutbox, type MailFaults } from './mail-outbox.ts';
import { LocalEventBus, type EventFaults } from './event-list.ts';
import { FileSecrets } from './secrets-file.ts';
import { LocalDataKeys } from './local-data-keys.ts';
import { LocalQueue, type SqsConsumer } from './local-queue.ts';
import { LocalScheduler, type ScheduledHandler } from './local-scheduler.ts';
import { devRoutes } from './dev-routes.ts';
import { StackContacts } from './stack-contacts.ts';
import { dynamoGuard, LocalIam } from './local-iam.ts';

/** Repository root, where manifest entries are resolved. */
const ROOT = join(import.meta.dirname, '..');

/**
 * The stand-ins the local stack registers, by the names the handlers' getters read them under. The
 * queues, secrets, SMS sender, mailer and event publisher are the guarded views of local-iam.ts, and `dynamoGuard` checks
 * the handlers' DynamoDB client, so each handler can use only what its manifest entry grants.
 */
export interface LocalAdapters {
  clock: Clock;
  queues: Record<QueueName, WorkQueue>;
  smsSender: SmsSender;
  mailer: Mailer;
  eventPublisher: EventPublisher;
  secrets: SecretsSource;
  /** The KMS stand-in of the contact key (a key file in the data folder). */
  [LOCAL_CONTACT_KEYS]: DataKeys;
  dynamoGuard: DynamoGuard;
  /**
   * The handlers' DynamoDB client settings: Lambda's with the fault proxy, so the fault tests exercise
   * the limits that run on AWS; otherwise null, the SDK's defaults (no time limits), because here every
   * function runs in one process on a shared machine, and under a burst even opening a socket waits
   * seconds behind the others: this process's queue, not DynamoDB's latency.
   */
  dynamoClientSettings: DynamoClientSettings | null;
  /** Bedrock's stand-in when `region.themes.classifier` turns it on: the offline classifier on the masked text sent. */
  remoteClassifier: CommentClassifier;
}

/** How to start the local stack. */
export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** dynalite port; 0 picks a free one. */
  dynamoPort: number;
  /** Folder for dynalite's data, the SMS and mail outboxes, the event list and the local secrets; undefined keeps all in memory. */
  dataDir?: string;
  /** Run schedules on their timers (npm start); tests run them on demand only. */
  runSchedules?: boolean;
  /** Redelivery delay of the in-process queue after a failed message. */
  queueRetryDelayMs?: number;
  /** Seed demo answers when the feedback table is empty. */
  seedDemoData?: boolean;
  /** Interface to listen on. */
  host?: string;
  /** Where the handlers' log and metric lines go until `close()`; the console when undefined. */
  logSink?: LineSink;
  /**
   * Put a fault-injecting proxy between the handlers' DynamoDB client and dynalite, so that a test
   * can take DynamoDB away (`faults.dynamoDown()`). Off by default: the proxy costs a hop per call.
   */
  faults?: boolean;
  /** Config files in place of the repository's (tests of the start-up check); the repository's by default. */
  configFiles?: ConfigFiles;
}

/**
 * Faults a test can inject into the running stack: DynamoDB taken away under the handlers (needs
 * the `faults` option; the stack's own `dynamo` client still reaches dynalite directly, so a test
 * can read what was stored meanwhile) and the SNS, SES and EventBridge stand-ins' failures.
 */
export interface LocalFaults extends DynamoFaultControl {
  sms: SmsFaults;
  mail: MailFaults;
  events: EventFaults;
}

/** A running local stack. */
export interface LocalStack {
  url: string;
  dynamoUrl: string;
  tableNames: Record<TableName, string>;
  /** A raw DynamoDB client on the stack's dynalite, for tests and tools. */
  dynamo: DynamoDBClient;
  clock: DevClock;
  outbox: SmsOutbox;
  /** The SES stand-in's outbox (`/dev/mail`), unguarded. */
  mail: MailOutbox;
  /** The EventBridge stand-in's list (`/dev/events`), unguarded. */
  events: LocalEventBus;
  auth: DevAuth;
  scheduler: LocalScheduler;
  queues: Record<QueueName, LocalQueue>;
  /** The functions' grants as enforced here: denials so far, and `restrict` for tests. */
  iam: LocalIam;
  /** The Secrets Manager stand-in, unguarded: what a rotation edits (tests and the rotate script's local mode). */
  secrets: FileSecrets;
  /** Fault injection for fault tests. */
  faults: LocalFaults;
  /** The contact requests in the stack's contacts table, sealed with its local key (local/stack-contacts.ts). */
  contacts: StackContacts;
  close(): Promise<void>;
}

/**
 * Starts dynalite, creates the manifest's tables, points the process's AWS SDK at dynalite and serves
 * the routes. Validates the config first: an invalid config stops here with a message naming the field.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  // Every config file, the public documents too: the handlers load those only when first asked.
  const config = parseAllConfig(opts.configFiles);
  if (opts.logSink) setLineSink(opts.logSink);
  if (opts.dataDir) {
    // Only the user who runs the stack may read its data: answers, the SMS outbox and the local keys.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(opts.dataDir, 0o700);
  }
  const file = (name: string) => (opts.dataDir ? join(opts.dataDir, name) : undefined);
  const db = await startDynalite({ port: opts.dynamoPort, ...(opts.dataDir ? { path: join(opts.dataDir, 'dynamodb') } : {}) });
  const proxy: FaultProxy | undefined = opts.faults ? await startFaultProxy(db.port) : undefined;
  // The handlers' SDK clients read these when created; dynalite accepts any credentials.
  Object.assign(process.env, {
    // Lambda runs Node 22; this machine's Node 20 is only the local runtime (README: "Node versions").
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: proxy?.url ?? db.url,
    AWS_REGION: process.env.AWS_REGION ?? 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.AWS_PROFILE;
  const dynamo = new DynamoDBClient({
    endpoint: db.url,
    region: process.env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableNames = await ensureTables(dynamo);
  // Every table's variable is set for all handlers: they share one process.env and read it at
  // module load, where they also share module singletons (the stores). What a handler may do with
  // a table is enforced per call instead, by the IAM below.
  for (const [table, spec] of Object.entries(tables)) process.env[spec.envVar] = tableNames[table as TableName];
  const iam = new LocalIam(tableNames);

  if (opts.seedDemoData) {
    const any = await dynamo.send(new ScanCommand({ TableName: tableNames.feedback, Limit: 1 }));
    if (!any.Count) {
      const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(dynamo), tableNames);
      // Six months: reports cover a month from 30 days after it ends, so four or five show at once;
      // about 40 answers a month in a unit of average size, so most channel and respondent groups show.
      const answers = demoAnswers(config, new Date(), 3600, 180);
      for (let i = 0; i < answers.length; i += 50) await Promise.all(answers.slice(i, i + 50).map((a) => store.putAnswer(a)));
    }
  }

  // Each function's handler runs as that function, whoever invokes it, so the IAM knows whose grants apply.
  const cache = new Map<FunctionName, Promise<unknown>>();
  const load = <T>(fn: FunctionName): Promise<T> => {
    let h = cache.get(fn);
    if (!h) {
      h = import(pathToFileURL(join(ROOT, functions[fn].entry)).href).then((m: { handler: (...args: unknown[]) => unknown }) =>
        iam.handler(fn, m.handler),
      );
      cache.set(fn, h);
    }
    return h as Promise<T>;
  };
  // Queue consumers and schedules are invoked as Lambda invokes them: with a fresh context each time.
  const invoke = <E, R>(fn: FunctionName) =>
    load<(event: E, context: Context) => Promise<R>>(fn).then(
      (h) => (event: E) => h(event, lambdaContext(fn, functions[fn].timeoutSeconds)),
    );

  // The stand-ins for Secrets Manager, SNS, SES, EventBridge, SQS and the scheduler, registered before any handler loads.
  const clock = new DevClock();
  const outbox = new SmsOutbox(clock, file('sms-outbox.jsonl'));
  const mail = new MailOutbox(clock, file('mail-outbox.jsonl'));
  const events = new LocalEventBus(file('events.jsonl'));
  const localQueues = Object.fromEntries(
    Object.entries(queues).map(([name, spec]) => [
      name,
      new LocalQueue(name, spec, (): Promise<SqsConsumer> => invoke(spec.consumer), opts.queueRetryDelayMs),
    ]),
  ) as Record<QueueName, LocalQueue>;
  const fileSecrets = new FileSecrets(file('secrets.json'));
  const contactKeys = new LocalDataKeys(file('contacts-key.json'));
  const contacts = new StackContacts(dynamo, tableNames.contacts, contactKeys);
  const adapters: LocalAdapters = {
    clock,
    smsSender: iam.smsSender(outbox),
    mailer: iam.mailer(mail),
    eventPublisher: iam.eventPublisher(events),
    queues: iam.queues(localQueues),
    secrets: iam.secrets(fileSecrets),
    [LOCAL_CONTACT_KEYS]: iam.dataKeys('contacts', contactKeys),
    dynamoGuard,
    dynamoClientSettings: opts.faults ? DYNAMO_CLIENT_SETTINGS : null,
    remoteClassifier: localRemoteClassifier,
  };
  (globalThis as Record<symbol, unknown>)[LOCAL_ADAPTERS] = adapters;
  if (opts.seedDemoData) {
    await seedDemoCases(config, dynamo, tableNames, contacts);
    await seedDemoEntryCode(dynamo, tableNames.staffentry, new Date());
    const any = await dynamo.send(new ScanCommand({ TableName: tableNames.pulse, Limit: 1 }));
    const pulseStore = new DynamoPulseStore(DynamoDBDocumentClient.from(dynamo), tableNames.pulse);
    if (!any.Count) await seedDemoPulse(config, config.pulseSurveys, pulseStore, new Date());
  }
  const scheduler = new LocalScheduler(
    schedules,
    (name): Promise<ScheduledHandler> => invoke(schedules[name as keyof typeof schedules].function),
  );

  const localRoutes: LocalRoute[] = routes.map((spec) => ({
    spec,
    timeoutSeconds: functions[spec.function].timeoutSeconds,
    load: () => load<LambdaHandler>(spec.function),
  }));
  // Recomputes every unit's snapshots of whole days, now: answers given while the clock was set back
  // arrived behind the watermark, where the 15-minute run never looks (README, "An SMS survey by hand").
  const recomputeDays = async (from: string, to: string): Promise<number> => {
    const doc = DynamoDBDocumentClient.from(dynamo);
    const deps = {
      config,
      feedback: new DynamoFeedbackStore(doc, tableNames),
      store: new DynamoAggregateStore(doc, tableNames.aggregates),
      clock,
      labels: new DynamoCaseLabels(doc, tableNames.cases),
    };
    const days: { unitId: string; date: string }[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) for (const u of config.org.units()) days.push({ unitId: u.id, date: d });
    return recompute(deps, days, clock.now().toISOString());
  };
  let auth: DevAuth | undefined;
  const server: Server = createServer(
    apiGatewayListener(localRoutes, {
      authorize: (h, scopes) => auth!.authorize(h, scopes),
      devRoutes: (req, res, url, body) =>
        devRoutes({ auth: auth!, clock, outbox, mail, events, scheduler, queues: Object.values(localQueues), recomputeDays })(
          req,
          res,
          url,
          body,
        ),
    }),
  );
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  auth = await DevAuth.create(`${url}/dev`);
  // Links in SMS point at this stack, as on AWS they point at the API's public URL.
  process.env[PUBLIC_BASE_URL_ENV] = url;
  if (opts.runSchedules) scheduler.start();
  return {
    url,
    dynamoUrl: db.url,
    tableNames,
    dynamo,
    clock,
    outbox,
    mail,
    events,
    auth,
    scheduler,
    queues: localQueues,
    iam,
    secrets: fileSecrets,
    faults: {
      ...(proxy ? pick(proxy) : noProxy()),
      sms: outbox.faults,
      mail: mail.faults,
      events: events.faults,
    },
    contacts,
    close: async () => {
      scheduler.stop();
      for (const q of Object.values(localQueues)) q.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dynamo.destroy();
      await proxy?.close();
      await db.close();
      if (opts.logSink) setLineSink(undefined);
    },
  };
}

/** The proxy's controls, without its lifecycle. */
function pick(p: FaultProxy): DynamoFaultControl {
  return {
    dynamoDown: (mode) => p.dynamoDown(mode),
    dynamoUp: () => p.dynamoUp(),
    dynamoDownAfter: (operation, count, mode) => p.dynamoDownAfter(operation, count, mode),
    operations: () => p.operations(),
  };
}

/** Controls of a stack started without the proxy: each says how to get one. */
function noProxy(): DynamoFaultControl {
  const fail = (): never => {
    throw new Error('DynamoDB faults need the local stack started with { faults: true }');
  };
  return { dynamoDown: async () => fail(), dynamoUp: async () => fail(), dynamoDownAfter: fail, operations: fail };
}

/**
 * Seeds the demo cases (local/demo-cases.ts): their answers and cases, each written only if absent,
 * and their contact requests sealed into the contacts table as the submit path stores them.
 */
export async function seedDemoCases(
  config: AppConfig,
  dynamo: DynamoDBClient,
  tableNames: Record<TableName, string>,
  contacts: StackContacts,
): Promise<void> {
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const answers = new DynamoFeedbackStore(doc, tableNames);
  const cases = new DynamoCaseStore(doc, tableNames.cases);
  for (const d of demoCases(config, new Date())) {
    await answers.putAnswer(d.answer);
    await cases.create(d.case);
    if (d.contact) await contacts.put(d.answer.id, d.contact, d.answer.unitId).catch(alreadyStored);
  }
}

/** A contact already stored (a restart seeding again) is kept as it is; anything else is an error. */
function alreadyStored(e: unknown): void {
  if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
}
