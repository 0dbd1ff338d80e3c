/**
 * The kiosk feature: tablets and feedback terminals in a unit, bound to it by a one-time enrolment,
 * running the kiosk app (a PWA that works offline) and storing `kiosk` answers with a device credential.
 */
import { S, type ManifestFragment } from '../platform/index.ts';

/** The kiosk app's paths: the app, its service worker and web app manifest, and the enrolment link. */
export const KIOSK_PATHS = {
  app: '/k/{unitId}',
  serviceWorker: '/k/{unitId}/sw.js',
  webManifest: '/k/{unitId}/manifest.webmanifest',
  enrol: '/k/enrol/{enrolCode}',
  answers: '/api/kiosk/answers',
  device: '/api/kiosk/device',
} as const;

/** The environment variable naming the kiosks table. */
export const KIOSK_TABLE_ENV = 'KIOSKS_TABLE';

/** The index of a unit's kiosks, for the workbench's list. */
export const KIOSKS_BY_UNIT = 'byUnit';

const APP =
  'It is the kiosk app that a unit shows on its own tablet to anonymous respondents; it serves only the app shell, its service worker and manifest (the same for everyone), and nothing can be stored without the device credential.';
const DEVICE =
  'Its caller is an enrolled kiosk device, which holds no user account but a device credential (an HttpOnly cookie set by the one-time enrolment link); the handler checks that credential against its stored hash on every request and refuses a missing, wrong or revoked one with 401.';

/**
 * The kiosk feature's manifest fragment.
 *
 * `kiosks` — one item per kiosk, `pk = KIOSK#{id}`: its unit and name, the SHA-256 of its one-time
 *  enrolment code (until used), of its device secret (once enrolled), when it was revoked, and when
 *  its latest answer was given (the burst rule). Read by GetItem on every kiosk answer.
 *  - A unit's kiosks for the workbench: index `byUnit`, `unitPk = UNIT#{unitId}`, `unitSk = {createdAt}#{id}`.
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const kioskManifest = /* @__PURE__ */ (() => ({
  tables: {
    kiosks: {
      envVar: KIOSK_TABLE_ENV,
      partitionKey: S('pk'),
      indexes: [{ name: KIOSKS_BY_UNIT, partitionKey: S('unitPk'), sortKey: S('unitSk'), projection: 'ALL' }],
    },
  },
  functions: {
    kioskAdmin: {
      entry: 'functions/kiosk/kiosk-admin.ts',
      description: "Creates, lists and revokes a unit's kiosks",
      memoryMb: 256,
      timeoutSeconds: 10,
      tables: { kiosks: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', `dynamodb:Query@${KIOSKS_BY_UNIT}`] },
      needsPublicUrl: true,
    },
    kioskApp: {
      entry: 'functions/kiosk/kiosk-app.ts',
      description: 'Serves the kiosk app, its service worker and its web app manifest',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
    },
    kioskDevice: {
      entry: 'functions/kiosk/kiosk-device.ts',
      description: 'Enrols a kiosk device and stores the answers it sends',
      memoryMb: 512,
      timeoutSeconds: 10,
      // The answer goes through the feedback feature's use case: the same tables and grants as its
      // submit functions (an answer with a contact request is one TransactWriteItems of two puts).
      tables: {
        kiosks: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        feedback: ['dynamodb:PutItem'],
        idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        contacts: ['dynamodb:PutItem'],
      },
      keys: { contacts: ['kms:GenerateDataKey'] },
      needsPublicUrl: true,
    },
  },
  routes: [
    { method: 'POST', path: '/api/kiosks', function: 'kioskAdmin', scopes: ['kiosks:write'] },
    { method: 'GET', path: '/api/kiosks', function: 'kioskAdmin', scopes: ['kiosks:write'] },
    { method: 'DELETE', path: '/api/kiosks/{kioskId}', function: 'kioskAdmin', scopes: ['kiosks:write'] },
    { method: 'GET', path: KIOSK_PATHS.app, function: 'kioskApp', public: APP },
    { method: 'GET', path: KIOSK_PATHS.serviceWorker, function: 'kioskApp', public: APP },
    { method: 'GET', path: KIOSK_PATHS.webManifest, function: 'kioskApp', public: APP },
    {
      method: 'GET',
      path: KIOSK_PATHS.enrol,
      function: 'kioskDevice',
      public:
        'It is the one-time enrolment link a unit handler opens on the kiosk device, which has no account; the link carries a random code whose hash the handler checks, works once, and then answers 410.',
    },
    { method: 'POST', path: KIOSK_PATHS.answers, function: 'kioskDevice', public: DEVICE },
    { method: 'GET', path: KIOSK_PATHS.device, function: 'kioskDevice', public: DEVICE },
  ],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: ['kiosks:write'],
} as const satisfies ManifestFragment))();
