#!/usr/bin/env node
// The bundled CLI (dist/, built by `npm run build` and on `npm ci`); from a bare source checkout,
// the TypeScript sources through tsx's loader.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(bundled)) {
  await import(bundled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
