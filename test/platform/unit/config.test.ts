/**
 * Region and survey config: validation names the bad field, the tree lookups work, and a published
 * survey version can never change (its hash is locked in config/surveys/published.lock.json).
 */
import { suppressionThresholds } from '#shared/reporting/settings.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, SURVEY_FILES, type ValidatedConfig, validatedConfigJson } from '#shared/config.ts';
import { OrgTree, SurveyCatalog } from '#shared/platform/index.ts';
import { DEFAULT_RATE_LIMIT_PER_5_MIN, edgeRateLimitPer5Min, MIN_RATE_LIMIT_PER_5_MIN } from '#shared/platform/edge-settings.ts';
import { canonicalJson } from '#shared/feedback/submit-feedback.ts';
import { localizeSurvey } from '#shared/platform/surveys.ts';
import { PUBLIC_INFO_FILE, parsePublicInfo, validatedPublicInfoJson } from '#shared/public-info-config.ts';
import { PULSE_SURVEY_FILES, parsePulseSurveys, validatedPulseSurveysJson } from '#shared/pulse-config.ts';
import { type StaffSurvey, StaffSurveyCatalog } from '#shared/pulse/index.ts';
import { configErrorOf } from '../../support/config-error.ts';

const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));
const configError = configErrorOf;

describe('region config', () => {
  it('is valid as committed, so synth and npm start can run', () => {
    expect(() => parseConfig()).not.toThrow();
  });
  it('names the field of a missing Swedish unit name', () => {
    const r = region();
    delete r.serviceAreas[0].services[1].units[0].name.sv;
    const e = configError(() => parseConfig(r));
    expect(e.issues.map((i) => i.path)).toContain('serviceAreas[0].services[1].units[0].name.sv');
    expect(e.message).toContain('serviceAreas[0].services[1].units[0].name.sv');
  });
  it('rejects a duplicate id, because feedback refers to units by id alone', () => {
    const r = region();
    r.serviceAreas[1].services[0].units[0].id = 'keskusta-ta';
    const e = configError(() => parseConfig(r));
    expect(e.issues[0]).toMatchObject({ path: 'serviceAreas[1].services[0].units[0].id' });
    expect(e.issues[0]!.message).toContain('duplicate');
  });
  it('rejects a survey id that does not exist', () => {
    const r = region();
    r.serviceAreas[0].surveyId = 'no-such-survey';
    expect(configError(() => parseConfig(r)).issues[0]).toMatchObject({ path: 'serviceAreas[0].surveyId' });
  });
  it('rejects unknown keys, so a typo in a setting is not silently ignored', () => {
    const r = region();
    r.region.smsSenderID = 'X';
    expect(configError(() => parseConfig(r)).message).toContain('region');
  });
  it('rejects a sender ID longer than 11 characters (docs/domain.md#sms-rules)', () => {
    const r = region();
    r.region.smsSenderId = 'TOOLONGSENDER';
    expect(configError(() => parseConfig(r)).issues[0]).toMatchObject({ path: 'region.smsSenderId' });
  });
});

// A Lambda bundle carries the config as validated at build time (lib/bundling.ts) and skips zod at
// cold start, so what it rebuilds from that JSON must be the parse's result exactly.
describe('config validated at build time', () => {
  it('rebuilds, from its JSON, the same tree and surveys as a parse at run time', () => {
    const parsed = parseConfig();
    const json = JSON.parse(validatedConfigJson()) as ValidatedConfig;
    const org = OrgTree.fromValidated(json.region);
    const surveys = SurveyCatalog.fromValidated(json.surveys);
    expect(org.config).toStrictEqual(parsed.org.config);
    expect([...org.units()].map((u) => u.id)).toEqual(parsed.org.units().map((u) => u.id));
    for (const u of parsed.org.units()) expect(org.chainFromRegion(u.id)).toStrictEqual(parsed.org.chainFromRegion(u.id));
    expect(surveys.ids()).toEqual(parsed.surveys.ids());
    for (const id of parsed.surveys.ids()) expect(surveys.survey(id)).toStrictEqual(parsed.surveys.survey(id));
  });
  it('rebuilds the staff surveys and the public documents as a parse at run time would', () => {
    const pulse = StaffSurveyCatalog.fromValidated(JSON.parse(validatedPulseSurveysJson()) as StaffSurvey[]);
    const parsedPulse = parsePulseSurveys();
    expect(pulse.ids()).toEqual(parsedPulse.ids());
    for (const id of parsedPulse.ids()) expect(pulse.survey(id)).toStrictEqual(parsedPulse.survey(id));
    expect(JSON.parse(validatedPublicInfoJson())).toStrictEqual(parsePublicInfo());
  });
  it('stops bundling on a bad staff survey or documents file, with the ConfigError naming the field', () => {
    const [first, ...rest] = PULSE_SURVEY_FILES;
    const badSurvey = { ...(first!.data as Record<string, unknown>), kind: 'weekly' };
    const e = configError(() => validatedPulseSurveysJson([{ file: first!.file, data: badSurvey }, ...rest]));
    expect(e.issues[0]).toMatchObject({ path: 'kind' });
    expect(e.message).toContain(first!.file);
    const badDocs = { ...(PUBLIC_INFO_FILE.data as Record<string, unknown>), privacyNotice: undefined };
    const d = configError(() => validatedPublicInfoJson({ file: PUBLIC_INFO_FILE.file, data: badDocs }));
    expect(d.issues[0]).toMatchObject({ path: 'privacyNotice' });
    expect(d.message).toContain('config/public-info.json');
  });
  it('is not produced from a bad file: bundling stops with the ConfigError naming the field', () => {
    const r = region();
    r.serviceAreas[0].surveyId = 'no-such-survey';
    const e = configError(() => validatedConfigJson(r));
    expect(e.issues[0]).toMatchObject({ path: 'serviceAreas[0].surveyId' });
    expect(e.message).toContain('config/region.json');
  });
});

describe('OrgTree lookups', () => {
  const { org } = parseConfig();
  it('finds a unit and its ancestors up to the region, nearest first', () => {
    expect(org.unit('keskusta-ta')?.kind).toBe('unit');
    expect(org.ancestors('keskusta-ta').map((n) => n.id)).toEqual(['terveysasemat', 'terveys', 'esimerkki']);
  });
  it('lists children in config order', () => {
    expect(org.children('terveysasemat').map((n) => n.id)).toEqual(['keskusta-ta', 'rantala-ta', 'metsakyla-ta']);
    expect(org.children('esimerkki').map((n) => n.kind)).toEqual(['serviceArea', 'serviceArea', 'serviceArea', 'serviceArea']);
    expect(org.children('keskusta-ta')).toEqual([]);
  });
  it('does not treat a service as a unit, so feedback can only go to units', () => {
    expect(org.node('terveysasemat')).toBeDefined();
    expect(org.unit('terveysasemat')).toBeUndefined();
    expect(org.unit('nope')).toBeUndefined();
  });
  it('inherits the default survey from the nearest ancestor that sets one', () => {
    const r = region();
    r.serviceAreas[0].services[0].surveyId = 'lapset';
    const kids = { ...JSON.parse(readFileSync('config/surveys/thl-aikuiset.json', 'utf8')), id: 'lapset' };
    const tree = parseConfig(r, [...SURVEY_FILES, { file: 'lapset.json', data: kids }]).org;
    expect(tree.unit('keskusta-ta')!.surveyId).toBe('lapset');
    expect(tree.unit('keskusta-hammas')!.surveyId).toBe('thl-aikuiset');
    expect(tree.units()).toHaveLength(14);
  });
});

describe('surveys', () => {
  const { surveys } = parseConfig();
  it('has the national structure: NPS, seven statements, free text and role (docs/domain.md#survey)', () => {
    const v = surveys.current('thl-aikuiset', '2026-12-01')!;
    expect(v.questions.map((q) => q.type)).toEqual(['nps', ...Array(7).fill('statement'), 'text', 'role']);
    expect(v.questions[0]!.id).toBe('nps');
  });
  it('localizes every question in fi, sv and en with the six agreement options', () => {
    const s = surveys.survey('thl-aikuiset')!;
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const l = localizeSurvey(s, s.versions[0]!, lang);
      expect(l.questions.every((q) => q.text.length > 0)).toBe(true);
      const st = l.questions.find((q) => q.type === 'statement');
      expect(st?.type === 'statement' && st.options.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 'cant_say']);
    }
  });
  it('has no version in force before the first publication date', () => {
    expect(surveys.current('thl-aikuiset', '2020-01-01')).toBeUndefined();
  });
  it('never changes a published version: each matches its locked hash', () => {
    const lock = JSON.parse(readFileSync('config/surveys/published.lock.json', 'utf8')) as Record<string, string>;
    for (const { file, data } of SURVEY_FILES) {
      const s = data as { id: string; versions: { version: number }[] };
      for (const v of s.versions) {
        const key = `${s.id}@${v.version}`;
        const hash = createHash('sha256').update(canonicalJson(v)).digest('hex');
        expect(lock[key], `${file}: ${key} is not in published.lock.json; add "${key}": "${hash}" when publishing it`).toBeDefined();
        expect(hash, `${file}: published version ${key} was edited; publish a new version instead`).toBe(lock[key]);
      }
    }
  });
  it('rejects versions that do not increase', () => {
    const data = JSON.parse(readFileSync('config/surveys/thl-aikuiset.json', 'utf8'));
    data.versions.push({ ...data.versions[0] });
    const e = configError(() => parseConfig(undefined, [{ file: 'x.json', data }]));
    expect(e.issues[0]).toMatchObject({ path: 'versions[1].version' });
  });
});

describe('suppression thresholds', () => {
  it('come from region.reporting.suppression, so a county can set its own', () => {
    const r = region();
    r.region.reporting = { suppression: { internal: 6, public: 12 } };
    expect(suppressionThresholds(parseConfig(r).org)).toEqual({ internal: 6, public: 12 });
  });
  it('default to docs/domain.md#computations (5 internal, 10 public) when not set', () => {
    const r = region();
    delete r.region.reporting;
    expect(suppressionThresholds(parseConfig(r).org)).toEqual({ internal: 5, public: 10 });
  });
  it('refuse a public threshold below the internal one, naming the field', () => {
    const r = region();
    r.region.reporting = { suppression: { internal: 8, public: 5 } };
    expect(configError(() => parseConfig(r)).issues[0]).toMatchObject({ path: 'region.reporting.suppression.public' });
  });
});

describe('edge rate limit', () => {
  it('comes from region.edge.rateLimitPer5Min, else the default sized for one busy NAT address', () => {
    const r = region();
    r.region.edge = { rateLimitPer5Min: 9000 };
    expect(edgeRateLimitPer5Min(parseConfig(r).org)).toBe(9000);
    delete r.region.edge;
    expect(edgeRateLimitPer5Min(parseConfig(r).org)).toBe(DEFAULT_RATE_LIMIT_PER_5_MIN);
  });
  // A limit that would lock out a hospital's NAT after a few answers, a fraction or an unknown key is a typo.
  it.each([
    [{ rateLimitPer5Min: MIN_RATE_LIMIT_PER_5_MIN - 1 }, 'region.edge.rateLimitPer5Min'],
    [{ rateLimitPer5Min: 2500.5 }, 'region.edge.rateLimitPer5Min'],
    [{ rateLimitPer5Min: '3000' }, 'region.edge.rateLimitPer5Min'],
    [{ rateLimitPer5Min: 2_000_000_001 }, 'region.edge.rateLimitPer5Min'],
    [{ ratelimit: 3000 }, 'region.edge.ratelimit'],
  ])('refuses %j, naming the field', (edge, path) => {
    const r = region();
    r.region.edge = edge;
    expect(configError(() => parseConfig(r)).issues[0]).toMatchObject({ path });
  });
});
