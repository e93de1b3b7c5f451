/**
 * How every function is bundled and started. The CDK stack deploys with these, and `bench/bundles` builds and starts
 * its bundles with the same ones, so the benchmark measures what deploys.
 */
export const bundling = {
  // The SDK goes into the bundle, tree-shaken, at the version the lock file pins: not the runtime's copy, which
  // Lambda updates on its own schedule (NodejsFunction leaves @aws-sdk/* out unless told).
  bundleAwsSDK: true,
  minify: true,
  sourceMap: true,
  // Stack traces need only the mappings: without the sources embedded, the map Node reads at cold start is a
  // third of the size (campaigns: 3.9 → 1.4 MB).
  sourcesContent: false,
  target: 'node24',
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
};

/** Node's options in every function: stack traces in the logs point at the TypeScript sources. */
export const nodeOptions = '--enable-source-maps';
