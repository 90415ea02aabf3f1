#!/usr/bin/env node
// The CLI is the bundle in dist/ (shipped in the package; built by `npm ci` in a checkout). A source
// checkout without it builds it first (esbuild is a devDependency there).
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/cli.js', import.meta.url);
const buildScript = new URL('../scripts/build.mjs', import.meta.url);
if (!existsSync(bundled)) {
  if (!existsSync(buildScript)) {
    console.error('cutover: dist/cli.js is missing from this install; reinstall the package');
    process.exit(3);
  }
  const { build } = await import(buildScript.href);
  await build({ quiet: true, types: false });
}
await import(bundled.href);
