import { loadConfig } from '#shared/config.ts';
import { openNewCases } from '#shared/cases/open-cases.ts';
import { arrivalSourceFromEnv, caseStoreFromEnv } from '#shared/cases/ports-from-env.ts';
import { clock, eventHandler, eventPublisherFromEnv, handlingOf, logger } from '#shared/platform/index.ts';
import { classifierSettingsOf, taxonomyOf } from '#shared/text/index.ts';
import { remoteClassifierFromEnv } from '#shared/cases/bedrock-classifier.ts';

const deps = {
  cases: caseStoreFromEnv(),
  arrivals: arrivalSourceFromEnv(),
  events: eventPublisherFromEnv(),
  clock: clock(),
  handling: handlingOf(loadConfig().org),
  taxonomyVersion: taxonomyOf(loadConfig().org).version,
  remote: remoteClassifierFromEnv(classifierSettingsOf(loadConfig().org)),
};

/**
 * Scheduled each minute: opens a case for every newly arrived answer with free text or a contact
 * request, labelled by the remote classifier when the region config turns it on; logs counts only.
 */
export const handler = eventHandler(async () => {
  const result = await openNewCases(deps);
  logger.info('cases opened', { ...result });
  return result;
});
