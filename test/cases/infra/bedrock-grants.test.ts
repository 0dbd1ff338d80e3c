/**
 * The Bedrock switch in the CDK app: with the region config's default (offline) no role may invoke a
 * model; with `region.themes.classifier.kind = "bedrock"` only the case opener's role may, on exactly
 * the configured EU inference profile and, through that profile only, the EU copies of its model,
 * with the profile's id in its environment.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import regionJson from '../../../config/region.json' with { type: 'json' };
import { createPalauteStacks } from '#lib/palaute-app.ts';
import { parseConfig } from '#shared/config.ts';
import { cdkJsonContext, TEST_ENV, TEST_REGION_ID } from '../../support/infra-app.ts';

const PROFILE = 'eu.anthropic.claude-3-haiku-20240307-v1:0';

function appWith(classifier: unknown) {
  const raw = structuredClone(regionJson) as { region: { themes: Record<string, unknown> } };
  raw.region.themes.classifier = classifier;
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stacks = createPalauteStacks(app, { env: TEST_ENV, regionId: TEST_REGION_ID, org: parseConfig(raw).org });
  return { app, stateless: stacks.stateless };
}

function statelessWith(classifier: unknown): Template {
  return Template.fromStack(appWith(classifier).stateless);
}

/** Every policy statement naming a bedrock action, with the role it is attached to. */
function bedrockStatements(t: Template): { roles: string[]; statement: Record<string, unknown> }[] {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => {
    const props = p.Properties as { Roles: { Ref: string }[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
    return props.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('bedrock')).map((statement) => ({
      roles: props.Roles.map((r) => r.Ref),
      statement,
    }));
  });
}

describe('the Bedrock switch', () => {
  it('grants no role bedrock:InvokeModel while the classifier is offline', () => {
    expect(bedrockStatements(statelessWith({ kind: 'offline' }))).toEqual([]);
  });

  it('grants only the case opener InvokeModel on the configured profile and, through it, its EU models', () => {
    const t = statelessWith({ kind: 'bedrock', modelId: PROFILE, region: 'eu-north-1', timeoutMs: 2500 });
    const found = bedrockStatements(t);
    expect(found).toHaveLength(2);
    expect(new Set(found.flatMap((f) => f.roles)).size).toBe(1);
    expect(found.every((f) => f.roles[0]!.startsWith('OpenCases'))).toBe(true);
    const text = JSON.stringify(found.map((f) => f.statement));
    expect(found.every((f) => f.statement.Action === 'bedrock:InvokeModel')).toBe(true);
    expect(text).toContain(`:inference-profile/${PROFILE}`);
    expect(text).toContain('foundation-model/anthropic.claude-3-haiku-20240307-v1:0');
    expect(text).toContain('bedrock:InferenceProfileArn');
    const fns = t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { BEDROCK_MODEL_ID: PROFILE } } } });
    expect(Object.keys(fns)).toHaveLength(1);
  });

  it('passes cdk-nag AwsSolutions with Bedrock on: the EU model wildcard acknowledged with its reason', () => {
    const { app, stateless } = appWith({ kind: 'bedrock', modelId: PROFILE, region: 'eu-north-1' });
    const report = new AwsSolutionsChecks(stateless).validateScope(stateless);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(app.node.findAll().length).toBeGreaterThan(0);
  });

  it('refuses a model id that is not an EU cross-region profile, naming the field', () => {
    const raw = structuredClone(regionJson) as { region: { themes: Record<string, unknown> } };
    raw.region.themes.classifier = { kind: 'bedrock', modelId: 'us.anthropic.claude-3-haiku-20240307-v1:0', region: 'eu-north-1' };
    expect(() => parseConfig(raw)).toThrow(/region\.themes\.classifier\.modelId/);
  });
});
