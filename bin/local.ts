/**
 * `npm start`: the whole system on this machine. Reads PORT (default 3000), DYNAMODB_PORT (8000) and
 * PALAUTE_DATA_DIR (.data), seeds demo data on first start, stops cleanly on Ctrl-C.
 */
import { resolve } from 'node:path';
import * as z from '#shared/platform/zod.ts';
import { toIssues } from '#shared/platform/validation.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import { startLocalStack } from '#local/stack.ts';
import { DEMO_ENTRY_CODE } from '#local/demo-entry-code.ts';

const port = z.coerce.number().check(z.int(), z.gte(0), z.lte(65535));
const envSchema = z.object({
  PORT: z._default(port, 3000),
  DYNAMODB_PORT: z._default(port, 8000),
  PALAUTE_DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
});

const env = envSchema.safeParse(process.env);
if (!env.success) {
  for (const i of toIssues(env.error)) console.error(`Invalid environment variable ${i.path}: ${i.message}`);
  process.exit(1);
}

try {
  const stack = await startLocalStack({
    port: env.data.PORT,
    dynamoPort: env.data.DYNAMODB_PORT,
    dataDir: resolve(env.data.PALAUTE_DATA_DIR),
    seedDemoData: true,
    runSchedules: true,
  });
  console.log(`Palaute local stack is running.
  Feedback form:  ${stack.url}/f/keskusta-ta   (sv: ?lang=sv, en: ?lang=en, QR channel: &ch=qr)
  API:            ${stack.url}/api/units
  Health:         ${stack.url}/health
  Dashboard:      ${stack.url}/dev/signin   (demo managers and case handlers; then ${stack.url}/admin)
  Cases API:      ${stack.url}/api/cases?node=terveysasemat   (bearer token of a case handler; demo cases seeded)
  Staff entry:    ${stack.url}/staff/${DEMO_ENTRY_CODE.unitId}   (demo entry code ${DEMO_ENTRY_CODE.code}, until a handler makes a new one)
  Public results: ${stack.url}/tulokset   (/resultat, /results)
  Privacy notice: ${stack.url}/tietosuoja   (/dataskydd, /privacy; accessibility statement: /saavutettavuus, /tillganglighet, /accessibility)
  SMS outbox:     ${stack.url}/dev/sms
  Mail outbox:    ${stack.url}/dev/mail   (reminders and escalations to functional mailboxes)
  Events:         ${stack.url}/dev/events   (what other systems would read from the event bus)
  Schedules:      ${stack.url}/dev/schedules   (run one: POST /dev/schedules/{name}/run)
  Dev tokens:     POST ${stack.url}/dev/token  {"scopes":["cases:read"],"orgNodes":["keskusta-ta"],"subject":"me"}
  DynamoDB:       ${stack.dynamoUrl}   (tables: ${Object.values(stack.tableNames).join(', ')})
  Data folder:    ${resolve(env.data.PALAUTE_DATA_DIR)}
Press Ctrl-C to stop.`);
  // The schedule would first run in 15 minutes; aggregate the demo data now so reports show it.
  stack.scheduler
    .run('aggregate')
    .then((r) => console.log(`Reports are up to date (${(r as { unitDays: number }).unitDays} unit-days aggregated).`))
    .catch((e: Error) => console.error(`First aggregation failed: ${e.name}`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.close();
    console.log('Stopped; data kept for the next start.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
  } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port in use: ${(e as Error).message}. Set PORT or DYNAMODB_PORT to free ports.`);
  } else {
    console.error(e);
  }
  process.exit(1);
}
