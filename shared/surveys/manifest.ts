/** The surveys feature: the public list of units and the survey in force, from the deployment config. */
import type { ManifestFragment } from '../platform/index.ts';

/** The front door: the site's root, a page leading to every unit's form, the results and the dashboard. */
export const FRONT_DOOR_PATH = '/';

/** The surveys feature's manifest fragment. */
export const surveysManifest = {
  tables: {},
  functions: {
    listUnits: {
      entry: 'functions/surveys/list-units.ts',
      description: 'Lists the units feedback can be given to, as JSON and as the front door page',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
    },
    getSurvey: {
      entry: 'functions/surveys/get-survey.ts',
      description: 'Returns the current version of a survey in one language',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
    },
  },
  routes: [
    {
      method: 'GET',
      path: FRONT_DOOR_PATH,
      function: 'listUnits',
      public:
        'It is the front door anyone reaching the site lands on; it returns only the public list of units and links to the public pages.',
    },
    {
      method: 'GET',
      path: '/api/units',
      function: 'listUnits',
      public:
        'Its callers are anonymous citizens choosing the unit to give feedback to; it returns only the public list of units from the deployment config.',
    },
    {
      method: 'GET',
      path: '/api/surveys/{surveyId}',
      function: 'getSurvey',
      public: 'Its callers are anonymous citizens about to answer; it returns only the public survey questions from the deployment config.',
    },
  ],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: [],
} as const satisfies ManifestFragment;
