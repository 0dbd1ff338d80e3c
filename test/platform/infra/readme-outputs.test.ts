/** Every stack output the deploy prints is explained in the README's output table ("Deploying to AWS"). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildInfraApp } from '../../support/infra-app.ts';

it('lists every output of the stateful and stateless stacks', () => {
  const infra = buildInfraApp();
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('| output | what it is |'), readme.indexOf('Context settings (`-c key=value`'));
  const names = (stack: string, template: typeof infra.statefulTemplate) =>
    Object.entries((template.toJSON().Outputs ?? {}) as Record<string, { Description?: string }>)
      // The cross-stack references CDK adds (no description) are read by the other stack, not by people.
      .filter(([, output]) => output.Description !== undefined)
      .map(([name]) => ({ stack, name }));
  const outputs = [...names('PalauteStateful', infra.statefulTemplate), ...names('PalauteStateless', infra.statelessTemplate)];
  expect(outputs.length).toBeGreaterThan(15);
  const missing = outputs.filter(({ stack, name }) => !table.includes(`\`${stack}.${name}\``) && !table.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
