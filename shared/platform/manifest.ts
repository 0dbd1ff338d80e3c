/** What the platform itself serves: the liveness check and the API's own description. */
import type { ManifestFragment } from './manifest-types.ts';

/** Where the OpenAPI document of the whole API is served. */
export const OPENAPI_PATH = '/api/openapi.json';

/** The platform's manifest fragment. */
export const platformManifest = {
  tables: {},
  functions: {
    health: { entry: 'functions/platform/health.ts', description: 'Liveness check', memoryMb: 128, timeoutSeconds: 3, tables: {} },
    openapi: {
      entry: 'functions/platform/openapi.ts',
      description: 'Serves the OpenAPI 3.1 document generated from the route contracts',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
    },
  },
  routes: [
    { method: 'GET', path: '/health', function: 'health', public: "It is the uptime monitors' liveness check and returns no data." },
    {
      method: 'GET',
      path: OPENAPI_PATH,
      function: 'openapi',
      public:
        'It describes the API itself (paths, request and response schemas, required scopes) and returns no data; integrators read it before they have an account.',
    },
  ],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: [],
} as const satisfies ManifestFragment;
