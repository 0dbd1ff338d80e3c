/**
 * The CDK app (`npm run synth`, `npm run deploy`): validates the deployment's config, builds the
 * stateful and stateless stacks from shared/manifest.ts and runs cdk-nag's AWS Solutions and HIPAA
 * Security checks, whose unacknowledged findings fail synth.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { checkConfig } from '#lib/config-check.ts';
import { createPalauteStacks } from '#lib/palaute-app.ts';

const config = checkConfig();
if (!config.ok) {
  console.error(config.message);
  process.exit(1);
}

const app = new App();
createPalauteStacks(app, { regionId: config.config.org.regionId });
Tags.of(app).add('project', 'palaute');
Tags.of(app).add('palaute:region', config.config.org.regionId);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
app.synth();
