/**
 * How every function is bundled, declared once for the CDK app (NodejsFunction) and the bench
 * (which bundles with esbuild directly to measure size and cold-load time). No CDK imports here.
 */

/** Lambda runtime the functions run on; Node 20 is past end of life. */
export const LAMBDA_NODE_MAJOR = 22;

/** esbuild settings shared by CDK bundling and the bench. */
export const BUNDLING = {
  target: `node${LAMBDA_NODE_MAJOR}`,
  format: 'esm' as const,
  minify: true,
  sourceMap: false,
  /** The Lambda Node.js runtime ships AWS SDK v3; bundling it would add ~300 KB per function. */
  externalModules: ['@aws-sdk/*'],
  /** ESM bundles that include CommonJS dependencies need a `require` in scope. */
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  mainFields: ['module', 'main'],
};
