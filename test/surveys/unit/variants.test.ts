/**
 * Survey variants as configuration (issue 11, item 4): the children's and relatives' survey files and
 * the easy-read text set validate and are locked like published versions; a bad file stops with a
 * message naming the field; a child's answers are checked against the child's survey; a node's own
 * statements are inherited by the units below it, placed after the national statements, and reported
 * like them, and their wording is locked to their id.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, SURVEY_FILES } from '#shared/config.ts';
import { canonicalJson } from '#shared/feedback/submit-feedback.ts';
import { checkAgainstSurvey, parseFeedbackInput } from '#shared/feedback/validate-feedback.ts';
import { allExtraStatements, extraStatementsFor, unitSurveyVersion } from '#shared/platform/extra-statements.ts';
import { localizeSurvey } from '#shared/platform/surveys.ts';
import { ValidationError } from '#shared/platform/errors.ts';
import { emptyCounts } from '#shared/reporting/counts.ts';
import { statementsReport } from '#shared/reporting/report.ts';
import { MemoryAggregateStore } from '../../reporting/support/memory-aggregate-store.ts';
import { configErrorOf } from '../../support/config-error.ts';

const config = parseConfig();
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const region = () => read('config/region.json');
const withSurvey = (file: string, data: unknown) => SURVEY_FILES.map((f) => (f.file === file ? { file, data } : f));
const configError = configErrorOf;
const hash = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');
const lock = read('config/surveys/published.lock.json') as Record<string, string>;

describe('the children’s survey (thl-lapset)', () => {
  const survey = config.surveys.survey('thl-lapset')!;
  const version = config.surveys.current('thl-lapset', '2026-12-01')!;
  it('has 4–6 short statements of the child’s own, a face scale and optional text, and no NPS', () => {
    expect(survey.audience).toBe('child');
    const statements = version.questions.filter((q) => q.type === 'statement');
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(statements.length).toBeLessThanOrEqual(6);
    expect(statements.every((q) => q.text.fi.split(' ').length <= 5)).toBe(true);
    expect(version.scaleStyle).toBe('faces');
    expect(version.questions.some((q) => q.type === 'nps')).toBe(false);
    expect(version.questions.at(-1)!.type).toBe('text');
  });
  it('shares no statement id with the adults’ survey, so reports never add up the two', () => {
    const adult = new Set(config.surveys.current('thl-aikuiset', '2026-12-01')!.questions.map((q) => q.id));
    expect(version.questions.filter((q) => q.type === 'statement' && adult.has(q.id))).toEqual([]);
  });
  it('localizes in fi, sv and en with words for every face', () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const l = localizeSurvey(survey, version, lang);
      expect(l.scale).toBe('faces');
      const st = l.questions.find((q) => q.type === 'statement');
      expect(st?.type === 'statement' && st.options.every((o) => o.label.length > 0)).toBe(true);
    }
  });
  it('stops on a bad file with a message naming the field', () => {
    const data = read('config/surveys/thl-lapset.json');
    data.versions[0].scaleStyle = 'smileys';
    delete data.versions[0].questions[1].text.sv;
    const e = configError(() => parseConfig(undefined, withSurvey('config/surveys/thl-lapset.json', data)));
    expect(e.message).toContain('config/surveys/thl-lapset.json');
    expect(e.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['versions[0].scaleStyle', 'versions[0].questions[1].text.sv']));
  });
});

describe('checking a child’s answers', () => {
  const version = config.surveys.current('thl-lapset', '2026-12-01')!;
  const input = (extra: Record<string, unknown>) =>
    parseFeedbackInput({ unitId: 'keskusta-ta', channel: 'web', lang: 'fi', surveyId: 'thl-lapset', ...extra });
  const issues = (extra: Record<string, unknown>) => {
    try {
      checkAgainstSurvey(input(extra), 'thl-lapset', version);
    } catch (e) {
      if (e instanceof ValidationError) return e.issues.map((i) => i.path);
      throw e;
    }
    return [];
  };
  it('accepts a face 1–5 or "cant_say" on each statement', () => {
    const valid = checkAgainstSurvey(input({ answers: { c_listened: 1, c_help: 5, c_safe: 'cant_say' } }), 'thl-lapset', version);
    expect(valid.answers).toEqual({ c_listened: 1, c_help: 5, c_safe: 'cant_say' });
  });
  it('refuses a face outside 1–5, the adult NPS and statements, and the role, each by its field', () => {
    expect(issues({ answers: { c_help: 0 } })).toEqual(['answers.c_help']);
    expect(issues({ answers: { nps: 10, smooth: 4 } })).toEqual(['answers.nps', 'answers.smooth']);
    expect(issues({ answers: { c_help: 3 }, role: 'relative' })).toEqual(['role']);
  });
});

describe('the relatives’ survey (thl-laheiset)', () => {
  it('asks the role and speaks of the service the close person received, in fi, sv and en', () => {
    const survey = config.surveys.survey('thl-laheiset')!;
    expect(survey.audience).toBe('relative');
    const v = survey.versions[0]!;
    expect(v.questions.some((q) => q.type === 'role')).toBe(true);
    const nps = v.questions.find((q) => q.type === 'nps')!;
    expect(nps.text.en).toContain('the service your close person received');
    expect(nps.text.fi).toContain('jonka läheisesi sai');
    expect(nps.text.sv).toContain('din närstående fick');
  });
});

describe('easy-read texts (selkokieli)', () => {
  const survey = config.surveys.survey('thl-aikuiset')!;
  const v1 = survey.versions[0]!;
  it('replace the Finnish texts with ?easy=1 and keep the questions and values', () => {
    const standard = localizeSurvey(survey, v1, 'fi');
    const easy = localizeSurvey(survey, v1, 'fi', { easy: true });
    expect(standard.easyRead).toBe(false);
    expect(easy.easyRead).toBe(true);
    expect(easy.questions.map((q) => q.id)).toEqual(standard.questions.map((q) => q.id));
    expect(easy.questions.find((q) => q.id === 'smooth')!.text).toBe('Asiointi oli helppoa.');
    expect(easy.intro).toBeTruthy();
  });
  it('leave Swedish and English standard, as no easy-read set is written in them', () => {
    const sv = localizeSurvey(survey, v1, 'sv', { easy: true });
    expect(sv.easyRead).toBeUndefined();
    expect(sv.questions.find((q) => q.id === 'smooth')!.text).toBe(
      localizeSurvey(survey, v1, 'sv').questions.find((q) => q.id === 'smooth')!.text,
    );
  });
  it('name a question the version lacks, and a version the survey lacks, as config errors', () => {
    const data = read('config/surveys/thl-aikuiset.json');
    data.easyRead[0].questions.nope = { fi: 'Ei' };
    data.easyRead.push({ version: 9, questions: {} });
    const e = configError(() => parseConfig(undefined, withSurvey('config/surveys/thl-aikuiset.json', data)));
    expect(e.issues.map((i) => i.path)).toEqual(['easyRead[0].questions.nope', 'easyRead[1].version']);
  });
});

describe('published locks', () => {
  it('lock every easy-read set and every extra statement’s wording, so a change needs a new version or id', () => {
    for (const { data } of SURVEY_FILES) {
      const s = data as { id: string; easyRead?: { version: number }[] };
      for (const set of s.easyRead ?? []) {
        const key = `${s.id}@${set.version}/easy`;
        expect(hash(set), `${key} was edited or is not in published.lock.json; publish a new survey version instead`).toBe(lock[key]);
      }
    }
    const extras = allExtraStatements(config.org);
    expect(extras.length).toBeGreaterThan(0);
    for (const x of extras) {
      const key = `extra:${x.id}`;
      expect(hash(x.text), `${key} was reworded or is not in published.lock.json; give the new wording a new id`).toBe(lock[key]);
    }
  });
});

describe('a node’s own statements (extraStatements)', () => {
  const statement = (id: string, surveys?: string[]) => ({
    id,
    origin: 'unit',
    text: { fi: `${id} fi`, sv: `${id} sv`, en: `${id} en` },
    ...(surveys ? { surveys } : {}),
  });
  it('are inherited from the region and service down to the unit, in that order, for the surveys they name', () => {
    const r = region();
    r.region.extraStatements = [{ ...statement('r_all'), origin: 'region' }];
    const service = r.serviceAreas[0].services[0];
    service.extraStatements = [statement('s_adult', ['thl-aikuiset'])];
    service.units[0].extraStatements = [statement('u_own')];
    const { org, surveys } = parseConfig(r);
    const unit = service.units[0].id as string;
    expect(extraStatementsFor(org, unit, 'thl-aikuiset').map((x) => x.id)).toEqual(['r_all', 's_adult', 'u_own']);
    expect(extraStatementsFor(org, unit, 'thl-lapset').map((x) => x.id)).toEqual(['r_all', 'u_own']);
    expect(extraStatementsFor(org, service.units[1].id, 'thl-aikuiset').map((x) => x.id)).toEqual(['r_all', 's_adult']);
    const v = unitSurveyVersion(org, surveys, unit, 'thl-aikuiset', '2026-12-01')!;
    expect(v.questions.map((q) => q.id)).toEqual([
      'nps',
      'smooth',
      'help',
      'safe',
      'useful',
      'info',
      'together',
      'respect',
      'r_all',
      's_adult',
      'u_own',
      'text',
      'role',
    ]);
    expect(v.version).toBe(1);
  });
  it('stop the config with the field named: a duplicate id, a survey question’s id, a reserved name, an unknown survey', () => {
    const r = region();
    r.region.extraStatements = [statement('twice'), statement('smooth')];
    r.serviceAreas[0].extraStatements = [statement('twice'), statement('easy', ['nope'])];
    const e = configError(() => parseConfig(r));
    expect(e.file).toBe('config/region.json');
    expect(e.issues.map((i) => i.path)).toEqual([
      'region.extraStatements[1].id',
      'serviceAreas[0].extraStatements[0].id',
      'serviceAreas[0].extraStatements[1].id',
      'serviceAreas[0].extraStatements[1].surveys[0]',
    ]);
  });
  it('are reported like the core statements, after them, with the children’s statements apart', async () => {
    const store = new MemoryAggregateStore();
    const c = emptyCounts();
    c.n = 10;
    c.nps = { promoters: 10, passives: 0, detractors: 0 };
    c.channels.web = { n: 10, promoters: 10, passives: 0, detractors: 0 };
    c.roles.client = { n: 10, promoters: 10, passives: 0, detractors: 0 };
    c.statements.smooth = [0, 0, 0, 10, 0, 0];
    c.statements.kuntoutus_harjoitteet = [0, 0, 0, 0, 10, 0];
    c.statements.c_help = [0, 0, 0, 0, 6, 4];
    for (const id of ['fysioterapia', 'avokuntoutus', 'kuntoutus', config.org.regionId])
      await store.put({ nodeId: id, granularity: 'month', period: '2026-05', counts: c, asOf: 'x' });
    const r = await statementsReport({ config, store }, 'fysioterapia', '2026-05-01', '2026-05-31');
    const ids = r.statements.map((s) => s.id);
    expect(ids.slice(0, 9)).toEqual(['smooth', 'help', 'safe', 'useful', 'info', 'together', 'respect', 'kuntoutus_harjoitteet', 'c_help']);
    expect(r.statements.find((s) => s.id === 'kuntoutus_harjoitteet')).toMatchObject({
      n: 10,
      shareAgreeing: 1,
      text: { en: 'I got exercises I can do at home.' },
    });
    expect(r.statements.find((s) => s.id === 'c_help')).toMatchObject({ n: 6, cantSay: 4, text: { fi: 'Sain apua.' } });
    // The same suppression as the core statements: a small node hides them all.
    const small = await statementsReport(
      { config, store, thresholds: { internal: 50, public: 50 } },
      'fysioterapia',
      '2026-05-01',
      '2026-05-31',
    );
    expect(small.statements.every((s) => 'suppressed' in s)).toBe(true);
  });
});
