import type { JsonBodyOf } from '#shared/platform/route-contract.ts';
import type { platformContracts } from '#shared/platform/contracts.ts';
import { httpHandler, json } from '#shared/platform/http.ts';

// Typed by the contract without importing it: this function stays free of zod.
const OK: JsonBodyOf<(typeof platformContracts)['GET /health'], 200> = { status: 'ok' };

/** `GET /health`: liveness for load balancers and the local stack's start-up check. */
export const handler = httpHandler(async () => json(200, OK));
