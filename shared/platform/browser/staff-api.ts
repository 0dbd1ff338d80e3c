/**
 * Calls from a staff page's script to the API, with the tab's token as `Authorization: Bearer`:
 * after a 401 it refreshes the token once (Cognito) and asks again; any other answer than 2xx is an
 * ApiError with the status and what the platform's error body says.
 */
import { refresh, storedToken } from './staff-signin.ts';

/** One issue of an error body: the field's path (`query.node`, `note`) and what is wrong with it. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** An answer other than 2xx: its status, and the error body's code, message and issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code = '',
    readonly detailMessage = '',
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(`HTTP ${status}`);
  }

  /** The issues as `name: message` (query parameters without their `query.`), else the message. */
  get detail(): string {
    return this.issues.map((i) => `${i.path.replace(/^query\./, '')}: ${i.message}`).join('; ') || this.detailMessage;
  }
}

/** Sends a request to the API with the token and reads the JSON answer. */
export async function staffApi<R>(path: string, init: RequestInit = {}, retried = false): Promise<R> {
  const res = await fetch(path, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      authorization: `Bearer ${storedToken() ?? ''}`,
      accept: 'application/json',
    },
  });
  if (res.status === 401 && !retried && (await refresh())) return staffApi<R>(path, init, true);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; issues?: ApiIssue[] } };
    throw new ApiError(res.status, body.error?.code, body.error?.message, body.error?.issues);
  }
  return (await res.json()) as R;
}
