/**
 * The operations part of the region config: where the deployment's alarms are sent and how long the
 * tables' daily backups are kept. Read by the CDK app only; no handler needs it, but it lives in the
 * region config because each wellbeing services county runs its own deployment with its own on-call
 * address and its own retention rules.
 */
import * as z from './zod.ts';
import { regionSection, regionSettings, type OrgTree } from './org-tree.ts';

/**
 * Days a daily backup is kept unless the region sets otherwise: beyond point-in-time recovery's 35
 * days there is nothing a backup restores that PITR does not, and a longer default would keep answers
 * that the retention purge has removed for longer than the region decided.
 */
export const DEFAULT_BACKUP_RETENTION_DAYS = 35;

/** `region.operations`: the alarm e-mail address and the backup retention. */
export const operationsSettings = regionSection(() => ({
  region: {
    operations: z.optional(
      z.strictObject({
        /** Subscribed to the operations alarm topic; AWS sends it a confirmation link on the first deploy. */
        alarmEmail: z.optional(z.email()),
        /** Days each daily DynamoDB backup is kept (7–365). */
        backupRetentionDays: z.optional(z.number().check(z.int(), z.gte(7), z.lte(365))),
      }),
    ),
  },
  node: {},
}));

/** What the CDK app needs of `region.operations`, with the defaults applied. */
export interface OperationsSettings {
  /** Address subscribed to the alarm topic; undefined when the region names none. */
  alarmEmail: string | undefined;
  /** Days each daily backup is kept. */
  backupRetentionDays: number;
}

/** The region's operations settings, defaults applied. */
export function operationsSettingsOf(org: OrgTree): OperationsSettings {
  const set = regionSettings(org, operationsSettings).operations ?? {};
  return { alarmEmail: set.alarmEmail, backupRetentionDays: set.backupRetentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS };
}
