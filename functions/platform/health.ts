import { httpHandler, json } from '#shared/platform/http.ts';

/** `GET /health`: liveness for load balancers and the local stack's start-up check. */
export const handler = httpHandler(async () => json(200, { status: 'ok' }));
