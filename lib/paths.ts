/** Filesystem anchors for the CDK app, independent of the directory `cdk` or vitest was started in. */
import { fileURLToPath } from 'node:url';

/** The repository root: manifest entry paths are relative to it and NodejsFunction bundles from it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
