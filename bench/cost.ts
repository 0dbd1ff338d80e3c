/**
 * Section `cost` (issue 14 item 6): what a county pays per 1,000 answers and per month, service by
 * service — DynamoDB, Lambda GB-seconds and requests, API Gateway, CloudFront, WAF, KMS, SES,
 * EventBridge, SQS, Secrets Manager and SMS — for the README's sizing and for ten times it. A model,
 * not a measurement: the usage per answer is stated beside each line (the write units come from
 * `npm run bench -- writes`, the request counts from the routes an answer takes), and so are the
 * prices, with where and when they were read. Pure arithmetic: no stack.
 */
import { table, type SectionReport } from './report.ts';

/** The README's sizing (docs/domain.md, sizing): answers a year of one mid-size county and the SMS share. */
const ANSWERS_A_YEAR = 68_000;
const SMS_SHARE = 0.85;
/** Invitations per SMS answer: SPEC §12's "about four" (25–30 % answer; 15,000–25,000 a month). */
const INVITATIONS_PER_SMS_ANSWER = 4;
/** Visits posted to intake per invitation: 30 % sampling of the 80 % that are eligible. */
const VISITS_PER_INVITATION = 1 / (0.3 * 0.8);
/** Answers with free text (49,000 of 68,000 a year) open a case; one answer in twenty asks to be contacted (assumed). */
const TEXT_SHARE = 49_000 / 68_000;
const CONTACT_SHARE = 0.05;

/**
 * Prices, USD. Where they were read: stored copies of the AWS pricing pages and of third-party
 * summaries of them, read 2026-12-01 through this project's reference search (no live network here),
 * all for US East (N. Virginia), the region the pages quote. The deployment region eu-north-1
 * (Stockholm) was not available to read; its list prices are equal or a little higher (WAF's are the
 * same in every region). A price marked `recalled` (none now) would be one no page was found for.
 */
const PRICES = {
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'aws.amazon.com/lambda/pricing (stored copy), Arm, first tier' },
  lambdaRequestPerMillion: {
    usd: 0.2,
    source: 'docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html (stored copy): $0.20 per 1 M requests',
  },
  dynamoWruPerMillion: {
    usd: 0.625,
    source:
      'DynamoDB on-demand, US East, after the 50 % cut of 1 Nov 2024: airbyte.com/data-engineering-resources/dynamodb-pricing (stored copy, 2025)',
  },
  dynamoRruPerMillion: { usd: 0.125, source: 'as above' },
  httpApiPerMillion: { usd: 1.0, source: 'aws.amazon.com/api-gateway/pricing summaries (stored), HTTP API, first 300 M' },
  cloudFrontHttpsPer10k: {
    usd: 0.01,
    source:
      "CloudFront HTTPS requests per 10,000: kindatechnical.com lesson 87 (stored copy); Europe's edges charge more (about $0.012, not found on a page), 10 M a month are in the always-free tier",
  },
  cloudFrontPerGb: { usd: 0.085, source: 'aws.amazon.com/cloudfront/pricing (stored copy), Europe, first 10 TB (1 TB a month free)' },
  wafPerMillion: { usd: 0.6, source: 'WAF pricing summaries (stored), same in every region' },
  wafAclMonth: { usd: 5, source: 'as above: per web ACL a month' },
  wafRuleMonth: { usd: 1, source: 'as above: per rule a month' },
  kmsPer10k: { usd: 0.03, source: 'KMS pricing summaries (stored, us-east-1, 2026)' },
  kmsKeyMonth: { usd: 1, source: 'as above: per customer managed key a month' },
  sesPer1000: {
    usd: 0.1,
    source: 'SES outbound e-mail: acecloudinterviews.com/tutorials/aws/ses (stored copy), "$0.10 per thousand emails"',
  },
  eventBridgePerMillion: {
    usd: 1.0,
    source: 'EventBridge custom events: cloudburn.io/blog/amazon-eventbridge-pricing (stored copy, us-east-1, March 2026)',
  },
  schedulerPerMillion: { usd: 1.0, source: 'EventBridge Scheduler after 14 M free invocations a month: as above' },
  sqsPerMillion: {
    usd: 0.4,
    source: 'SQS standard requests, first 100 B a month: cloudburn.io/blog/amazon-sqs-pricing (stored copy, us-east-1, March 2026)',
  },
  secretMonth: {
    usd: 0.4,
    source: 'Secrets Manager per secret a month (+ $0.05 per 10,000 calls, cached here): hivebook.wiki secrets-manager page (stored copy)',
  },
  sms: { usd: 0.07, source: 'issue 14 and SPEC §12\'s figure ("varies by operator route"), not a quote' },
} as const;

/** The services issue 14 item 6 asks the model to price, each by the price keys that must have a line. */
const REQUIRED: Record<string, readonly (keyof typeof PRICES)[]> = {
  'DynamoDB capacity': ['dynamoWruPerMillion', 'dynamoRruPerMillion'],
  'Lambda GB-seconds and requests': ['lambdaArmGbSecond', 'lambdaRequestPerMillion'],
  'API Gateway': ['httpApiPerMillion'],
  'CloudFront requests': ['cloudFrontHttpsPer10k'],
  'WAF requests': ['wafPerMillion'],
  KMS: ['kmsPer10k'],
  SES: ['sesPer1000'],
  EventBridge: ['eventBridgePerMillion'],
  SMS: ['sms'],
};

/** One line of usage: per answer (variable) or per month (fixed), in the unit its price is in. */
interface Line {
  service: keyof typeof PRICES;
  label: string;
  /** Units per answer (after the price's own divisor: per million, per 10,000…). */
  perAnswer?: number;
  /** Units per month whatever the number of answers. */
  perMonth?: number;
  /** What the usage assumes. */
  assumes: string;
}

/**
 * Write units measured by `npm run bench -- writes` (2026-12-01, this branch): a web/QR/paper answer 2,
 * an SMS answer through its link 5 (the answer, its index entry, the idempotency record, the link
 * used and the audit), a visit on intake 1.57 (the sms section's mix). The sending of an invitation
 * (queued, claimed, sent, the link stored, the audit) is not metered there: 6 assumed.
 */
const WRU = { formAnswer: 2, smsAnswer: 5, visit: 1.57, invitationSent: 6 } as const;

/** Write units an answer brings on its way in, intake and sending included, for the sizing's channel mix. */
export function wruPerAnswer(): number {
  const invitations = SMS_SHARE * INVITATIONS_PER_SMS_ANSWER;
  return (
    (1 - SMS_SHARE) * WRU.formAnswer +
    SMS_SHARE * WRU.smsAnswer +
    invitations * VISITS_PER_INVITATION * WRU.visit +
    invitations * WRU.invitationSent
  );
}

/** Scheduled runs a month: release every 5 min, rate planning and aggregation every 15, case opener every minute, five nightly jobs. */
const SCHEDULED_RUNS_A_MONTH = (288 + 96 + 96 + 1440 + 5) * 30;

function lines(wru: number): Line[] {
  const sms = SMS_SHARE;
  const invitations = sms * INVITATIONS_PER_SMS_ANSWER;
  const visits = invitations * VISITS_PER_INVITATION;
  // Three HTTP requests an answer (form or link page, post, thank-you page), on every channel that has a form.
  const requests = 3;
  const intakeRequests = visits / 1000;
  const gbSeconds =
    requests * 0.5 * 0.1 + // the page and submit functions: 512 MB, ~100 ms
    intakeRequests * 1 * 3 + // intake: 1,024 MB, ~3 s per 1,000 visits
    (invitations / 10) * 0.25 * 1.2; // sendSms: 256 MB, a batch of 10 at 10 msg/s
  return [
    {
      service: 'dynamoWruPerMillion',
      label: 'DynamoDB writes',
      perAnswer: wru / 1e6,
      assumes: `${wru.toFixed(1)} WRU an answer: form ${WRU.formAnswer}, SMS answer ${WRU.smsAnswer}, ${(invitations * VISITS_PER_INVITATION).toFixed(1)} visits × ${WRU.visit}, ${invitations.toFixed(1)} invitations sent × ${WRU.invitationSent}`,
    },
    {
      service: 'dynamoRruPerMillion',
      label: 'DynamoDB reads',
      perAnswer: 8 / 1e6,
      assumes: 'about 8 RRU an answer (unit, person, link, idempotency, aggregation)',
    },
    {
      service: 'lambdaRequestPerMillion',
      label: 'Lambda requests',
      perAnswer: (requests + intakeRequests + invitations / 10) / 1e6,
      perMonth: SCHEDULED_RUNS_A_MONTH / 1e6,
      assumes: `${requests} per answer, 1 per 1,000 visits, 1 per 10 invitations; ${SCHEDULED_RUNS_A_MONTH.toLocaleString('en-US')} scheduled runs a month`,
    },
    {
      service: 'lambdaArmGbSecond',
      label: 'Lambda GB-seconds',
      perAnswer: gbSeconds,
      perMonth: SCHEDULED_RUNS_A_MONTH * 0.25 * 0.3,
      assumes: `${gbSeconds.toFixed(3)} GB-s an answer (512 MB × 100 ms a request, intake 1 GB × 3 s per 1,000 visits, sender 256 MB × 1.2 s per 10); scheduled runs 256 MB × 300 ms`,
    },
    {
      service: 'httpApiPerMillion',
      label: 'API Gateway (HTTP API)',
      perAnswer: (requests + intakeRequests) / 1e6,
      assumes: `${requests} requests an answer, intake 1 per 1,000 visits`,
    },
    {
      service: 'cloudFrontHttpsPer10k',
      label: 'CloudFront requests',
      perAnswer: requests / 1e4,
      assumes: `${requests} HTTPS requests an answer (before the free tier)`,
    },
    {
      service: 'cloudFrontPerGb',
      label: 'CloudFront transfer',
      perAnswer: (requests * 30) / 1024 / 1024,
      assumes: 'about 30 KB a request (before the free tier)',
    },
    {
      service: 'wafPerMillion',
      label: 'WAF requests',
      perAnswer: (requests + intakeRequests) / 1e6,
      assumes: 'every request through the web ACL',
    },
    { service: 'wafAclMonth', label: 'WAF web ACL', perMonth: 1, assumes: 'one web ACL' },
    { service: 'wafRuleMonth', label: 'WAF rules', perMonth: 4, assumes: 'four rules (rate limit and managed groups)' },
    {
      service: 'kmsPer10k',
      label: 'KMS requests',
      perAnswer: (CONTACT_SHARE * 2) / 1e4,
      assumes: `GenerateDataKey and one Decrypt per contact request (${CONTACT_SHARE * 100} % of answers)`,
    },
    { service: 'kmsKeyMonth', label: 'KMS keys', perMonth: 1, assumes: 'the contacts key' },
    {
      service: 'sesPer1000',
      label: 'SES e-mail',
      perAnswer: (TEXT_SHARE * 0.2) / 1000,
      assumes: 'a reminder or escalation for a fifth of the cases',
    },
    { service: 'eventBridgePerMillion', label: 'EventBridge events', perAnswer: TEXT_SHARE / 1e6, assumes: 'one event per case opened' },
    {
      service: 'schedulerPerMillion',
      label: 'EventBridge Scheduler',
      perMonth: SCHEDULED_RUNS_A_MONTH / 1e6,
      assumes: 'the scheduled runs (inside the free 14 M: shown at list price)',
    },
    { service: 'sqsPerMillion', label: 'SQS', perAnswer: (invitations * 3) / 1e6, assumes: 'send, receive and delete per invitation' },
    { service: 'secretMonth', label: 'Secrets Manager', perMonth: 1, assumes: 'the SMS secret (calls only at cold starts)' },
    {
      service: 'sms',
      label: 'SMS',
      perAnswer: invitations,
      assumes: `${invitations.toFixed(2)} invitations an answer (${INVITATIONS_PER_SMS_ANSWER} per SMS answer, ${SMS_SHARE * 100} % by SMS)`,
    },
  ];
}

/** Prints the cost per 1,000 answers and per county-month at the README's sizing and at ten times it. */
export function benchCost(): SectionReport {
  const monthly = ANSWERS_A_YEAR / 12;
  const wru = wruPerAnswer();
  const ls = lines(wru);
  const usd = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4));
  const cost = (l: Line, answers: number) => PRICES[l.service].usd * ((l.perAnswer ?? 0) * answers + (l.perMonth ?? 0));
  const rows = ls.map((l) => [
    l.label,
    usd(PRICES[l.service].usd * (l.perAnswer ?? 0) * 1000),
    usd(cost(l, monthly)),
    usd(cost(l, monthly * 10)),
    l.assumes,
  ]);
  const total = (answers: number, pred: (l: Line) => boolean) => ls.filter(pred).reduce((a, l) => a + cost(l, answers), 0);
  const isAws = (l: Line) => l.service !== 'sms';
  const per1000 = (pred: (l: Line) => boolean) =>
    ls.filter(pred).reduce((a, l) => a + PRICES[l.service].usd * (l.perAnswer ?? 0) * 1000, 0);
  rows.push(
    ['**AWS, all of the above but SMS**', usd(per1000(isAws)), usd(total(monthly, isAws)), usd(total(monthly * 10, isAws)), ''],
    ['**everything, SMS included**', usd(per1000(() => true)), usd(total(monthly, () => true)), usd(total(monthly * 10, () => true)), ''],
  );
  const priced = new Set(ls.map((l) => l.service));
  const missing = Object.entries(REQUIRED)
    .filter(([, keys]) => !keys.every((k) => priced.has(k)))
    .map(([name]) => name);
  const unread = Object.entries(PRICES)
    .filter(([, p]) => /recalled/i.test(p.source))
    .map(([k]) => k);
  return {
    title: 'Cost per 1,000 answers and per county-month (a model)',
    lines: [
      `The README's sizing: ${ANSWERS_A_YEAR.toLocaleString('en-US')} answers a year (${Math.round(monthly).toLocaleString('en-US')} a month), ${SMS_SHARE * 100} % by SMS at ${INVITATIONS_PER_SMS_ANSWER} invitations per SMS answer, ${Math.round(TEXT_SHARE * 100)} % with free text; and ten times it (${Math.round(monthly * 10).toLocaleString('en-US')} a month). Usage per answer is modelled, not metered (the write units from \`npm run bench -- writes\`, ${wru.toFixed(1)} WRU an answer for the mix); free tiers are left out except where said. Storage, backups and CloudWatch logs are not included.`,
      '',
      ...table(['service', 'USD per 1,000 answers', 'USD a month (sizing)', 'USD a month (10×)', 'usage assumed'], rows, [1, 2, 3]),
      '',
      'Prices (USD), read 2026-12-01 from stored copies of the pricing pages and summaries of them (no live network here), for US East (N. Virginia), the region the pages quote; the deployment region eu-north-1 was not available to read and lists equal or slightly higher prices. The SMS price is the issue’s own figure, not a quote.',
      '',
      ...table(
        ['price', 'USD', 'source'],
        Object.entries(PRICES).map(([k, p]) => [k, String(p.usd), p.source]),
        [1],
      ),
      '',
      `SMS is ${Math.round((100 * total(monthly, (l) => l.service === 'sms')) / total(monthly, () => true))} % of the bill at the sizing: precision-targeted sampling (README "Sampling to a precision target") is where cost is spent.`,
    ],
    targets: [
      {
        name: 'Cost model: every service issue 14 item 6 names has a priced line',
        measured:
          missing.length === 0 ? `${Object.keys(REQUIRED).length} of ${Object.keys(REQUIRED).length}` : `missing: ${missing.join(', ')}`,
        limit: 'all',
        pass: missing.length === 0,
      },
      {
        name: 'Cost model: every price from a stated source (a stored page; SMS: the issue’s figure), region and date',
        measured: `${Object.keys(PRICES).length - unread.length} of ${Object.keys(PRICES).length} (us-east-1 list prices, read 2026-12-01)${unread.length ? `; not read: ${unread.join(', ')}` : ''}`,
        limit: 'all',
        pass: unread.length === 0,
      },
    ],
  };
}
