/** What the platform itself serves: the liveness check. */
import type { ManifestFragment } from './manifest-types.ts';

/** The platform's manifest fragment. */
export const platformManifest = {
  tables: {},
  functions: {
    health: { entry: 'functions/platform/health.ts', description: 'Liveness check', memoryMb: 128, timeoutSeconds: 3, tables: {} },
  },
  routes: [{ method: 'GET', path: '/health', function: 'health', public: "It is the uptime monitors' liveness check and returns no data." }],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: [],
} as const satisfies ManifestFragment;
