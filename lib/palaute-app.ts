/**
 * The Palaute CDK app's stacks, assembled in one place so that bin/app.ts and the infra tests build
 * exactly the same thing.
 */
import type { App, Environment } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack, type StatelessStackProps } from './stateless-stack.ts';

/** Region used when CDK_DEFAULT_REGION is unset (offline synth): Stockholm, the nearest to Finland. */
export const DEFAULT_REGION = 'eu-north-1';

/** Options of the app beyond what cdk.json context gives. */
export interface PalauteStacksProps {
  /** Target account and region; defaults from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION. */
  env?: Environment;
  /** Default route throttling of the API stage, passed on to the stateless stack. */
  throttle?: StatelessStackProps['throttle'];
  /** Retention of function and access logs, passed on to the stateless stack. */
  logRetention?: StatelessStackProps['logRetention'];
}

/** The two stacks of one deployment. */
export interface PalauteStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Environment from the CLI's CDK_DEFAULT_* variables; account stays unset when offline. */
export function defaultEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION ?? DEFAULT_REGION };
}

/** Adds the stateful and stateless stacks to the app; the tables pass between them as props. */
export function createPalauteStacks(app: App, props: PalauteStacksProps = {}): PalauteStacks {
  const env = props.env ?? defaultEnvironment();
  const stateful = new StatefulStack(app, 'PalauteStateful', {
    env,
    description: 'Palaute: DynamoDB tables (retained, point-in-time recovery, deletion protection)',
  });
  const stateless = new StatelessStack(app, 'PalauteStateless', {
    env,
    description: 'Palaute: Lambda functions and the HTTP API',
    tables: stateful.tables,
    ...(props.throttle ? { throttle: props.throttle } : {}),
    ...(props.logRetention ? { logRetention: props.logRetention } : {}),
  });
  stateless.addStackDependency(stateful, 'Functions read and write the tables');
  return { stateful, stateless };
}
