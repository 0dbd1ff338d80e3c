/**
 * Builds the CDK app for the infra tests the way bin/app.ts does, with cdk.json's context so the
 * feature flags match a real synth, and with asset bundling skipped unless a test asks for it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { checkConfig } from '#lib/config-check.ts';
import { createPalauteStacks, type PalauteStacks } from '#lib/palaute-app.ts';
import { REPO_ROOT } from '#lib/paths.ts';

/** A fixed environment, so cross-stack references and ARNs are the same on every machine. */
export const TEST_ENV = { account: '123456789012', region: 'eu-north-1' };

/** The region id of the repository's config/region.json, as bin/app.ts passes it. */
export const TEST_REGION_ID = (() => {
  const config = checkConfig();
  if (!config.ok) throw new Error(config.message);
  return config.config.org.regionId;
})();

/** The `context` block of cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/** An app with its stacks, plus their synthesized templates. */
export interface InfraApp extends PalauteStacks {
  app: App;
  statefulTemplate: Template;
  statelessTemplate: Template;
  /** The us-east-1 stack with the web ACL. */
  edgeFirewallTemplate: Template;
}

/**
 * The app with both stacks. `bundle: false` (the default) skips esbuild, which is most of synth time;
 * the templates are the same apart from asset hashes. `context` adds or overrides context values.
 */
export function buildInfraApp(options: { bundle?: boolean; outdir?: string; context?: Record<string, unknown> } = {}): InfraApp {
  const context = { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context };
  const app = new App({ context, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stacks = createPalauteStacks(app, { env: TEST_ENV, regionId: TEST_REGION_ID });
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
    edgeFirewallTemplate: Template.fromStack(stacks.edgeFirewall),
  };
}

/** Logical id of a construct's main CloudFormation resource, to find it in the template. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child);
}
