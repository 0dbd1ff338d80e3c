/**
 * The cases API as the workbench calls it. Paths and shapes are the routes' own contracts
 * (contracts.ts, imported for their types only), so a change there that the page does not follow
 * fails to type-check.
 */
import { staffApi } from '../../platform/browser/staff-api.ts';
import type * as z from '../../platform/zod.ts';
import type { caseContactSchema, caseDetailSchema, caseListQuerySchema, caseListSchema, casePatchSchema } from '../contracts.ts';
import { CASES_API_PATH } from '../workbench-config.ts';

/** `GET /api/cases` query. */
export type CaseListQuery = z.input<typeof caseListQuerySchema>;
/** One page of a node's queue. */
export type CaseList = z.output<typeof caseListSchema>;
/** A case as the queue lists it. */
export type CaseSummary = CaseList['cases'][number];
/** A case with its notes and history. */
export type CaseDetail = z.output<typeof caseDetailSchema>;
/** The contact details of a contact request. */
export type CaseContact = z.output<typeof caseContactSchema>;
/** A change of a case. */
export type CasePatch = z.input<typeof casePatchSchema>;

const casePath = (id: string) => `${CASES_API_PATH}/${encodeURIComponent(id)}`;

/** One page of a node's queue, newest first. */
export function listCases(query: CaseListQuery): Promise<CaseList> {
  const q = Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return staffApi<CaseList>(`${CASES_API_PATH}?${new URLSearchParams(q).toString()}`);
}

/** One case with its notes and history. */
export const getCase = (id: string) => staffApi<CaseDetail>(casePath(id));

/** The contact details; the API records the read in the case history. */
export const getContact = (id: string) => staffApi<CaseContact>(`${casePath(id)}/contact`);

/** Changes a case based on `version` (sent as a quoted If-Match); answers the case at the next version. */
export function patchCase(id: string, version: number, patch: CasePatch): Promise<CaseDetail> {
  return staffApi<CaseDetail>(casePath(id), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify(patch),
  });
}
