/**
 * The local stack: dynalite plus every manifest route served through the real handlers on one
 * machine with no AWS account. Used by `npm start`, the integration and e2e tests and the bench.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseConfig } from '#shared/config/index.ts';
import { functions, routes, tables, type TableName } from '#shared/manifest.ts';
import { DynamoFeedbackStore } from '#shared/adapters/dynamo-feedback-store.ts';
import { startDynalite } from './dynalite-server.ts';
import { ensureTables } from './dynamo-tables.ts';
import { apiGatewayListener, type LambdaHandler, type LocalRoute } from './http-adapter.ts';
import { demoAnswers } from './demo-answers.ts';

/** Repository root, where manifest entries are resolved. */
const ROOT = join(import.meta.dirname, '..');

/** How to start the local stack. */
export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** dynalite port; 0 picks a free one. */
  dynamoPort: number;
  /** Folder dynalite persists to; undefined keeps data in memory. */
  dataDir?: string;
  /** Seed demo answers when the feedback table is empty. */
  seedDemoData?: boolean;
  /** Interface to listen on. */
  host?: string;
}

/** A running local stack. */
export interface LocalStack {
  url: string;
  dynamoUrl: string;
  tableNames: Record<TableName, string>;
  /** A raw DynamoDB client on the stack's dynalite, for tests and tools. */
  dynamo: DynamoDBClient;
  close(): Promise<void>;
}

/**
 * Starts dynalite, creates the manifest's tables, points the process's AWS SDK at dynalite and serves
 * the routes. Validates the config first: an invalid config stops here with a message naming the field.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const config = parseConfig();
  const db = await startDynalite({ port: opts.dynamoPort, ...(opts.dataDir ? { path: opts.dataDir } : {}) });
  // The handlers' SDK clients read these when created; dynalite accepts any credentials.
  Object.assign(process.env, {
    // Lambda runs Node 22; this machine's Node 20 is only the local runtime (README: "Node versions").
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: db.url,
    AWS_REGION: process.env.AWS_REGION ?? 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.AWS_PROFILE;
  const dynamo = new DynamoDBClient({ endpoint: db.url, region: process.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tableNames = await ensureTables(dynamo);
  for (const [table, spec] of Object.entries(tables)) process.env[spec.envVar] = tableNames[table as TableName];

  if (opts.seedDemoData) {
    const any = await dynamo.send(new ScanCommand({ TableName: tableNames.feedback, Limit: 1 }));
    if (!any.Count) {
      const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(dynamo), tableNames);
      for (const a of demoAnswers(config, new Date())) await store.putAnswer(a);
    }
  }

  const cache = new Map<string, Promise<LambdaHandler>>();
  const localRoutes: LocalRoute[] = routes.map((spec) => {
    const fn = functions[spec.function];
    return {
      spec,
      timeoutSeconds: fn.timeoutSeconds,
      load: () => {
        let h = cache.get(fn.entry);
        if (!h) {
          h = import(pathToFileURL(join(ROOT, fn.entry)).href).then((m: { handler: LambdaHandler }) => m.handler);
          cache.set(fn.entry, h);
        }
        return h;
      },
    };
  });
  const server: Server = createServer(apiGatewayListener(localRoutes));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    dynamoUrl: db.url,
    tableNames,
    dynamo,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dynamo.destroy();
      await db.close();
    },
  };
}
