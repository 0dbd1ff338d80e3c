/** Helpers of the pulse tests: opening a round through the API and answering a code through the form, over HTTP. */
import type { LocalStack } from '#local/stack.ts';
import { postJson } from '../../support/local-stack.ts';

/** A token for a supervisor of `node` with both pulse scopes. */
export const supervisorToken = (stack: LocalStack, node = 'keskusta-ta') =>
  stack.auth.issue(['pulse:read', 'pulse:write'], [node], 'unit-supervisor');

/** Opens a round of `staffCount` codes today on the stack's clock; returns the API's answer. */
export async function openRound(
  stack: LocalStack,
  token: string,
  body: Partial<{ nodeId: string; surveyId: string; opensOn: string; closesOn: string; staffCount: number }> & {
    opensOn: string;
    closesOn: string;
  },
): Promise<{ id: string; codes: string[]; sheetUrl: string }> {
  const res = await postJson(
    stack,
    '/api/pulse/rounds',
    { nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', staffCount: 12, ...body },
    {
      authorization: `Bearer ${token}`,
    },
  );
  if (res.status !== 201) throw new Error(`opening a round answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; codes: string[]; sheetUrl: string };
}

/** Posts the answer form of a code (fields as the form names them); does not follow the redirect. */
export function answer(stack: LocalStack, code: string, fields: Record<string, string>, lang = 'fi'): Promise<Response> {
  return fetch(`${stack.url}/p/${code}?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** A full answer to the demo pulse: every statement `value`, and the text if given. */
export const fullAnswer = (value: number, text?: string): Record<string, string> => ({
  workload: String(value),
  meaningful: String(value),
  team: String(value),
  supervisor: String(value),
  recommend: String(value),
  ...(text ? { text } : {}),
});
