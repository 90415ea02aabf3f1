/**
 * Starts one of our worker-thread modules (the scoring worker, the transport worker) from wherever
 * the caller runs: from dist/ it is the bundled `<name>.js` beside the caller's chunk
 * (scripts/build.mjs ENTRIES); from the sources (tests, bench, under tsx) the `<name>.ts` beside
 * the caller, loaded through tsx's loader in the worker.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** `name` is the module's file name without extension; `from` the caller's import.meta.url (same folder). */
export function startModuleWorker(name: string, from: string, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  if (!from.endsWith('.ts')) return new Worker(fileURLToPath(new URL(`./${name}.js`, from)), options);
  const boot = 'import { workerData } from "node:worker_threads"; const { tsImport } = await import(workerData.tsx); await tsImport(workerData.entry, workerData.parent);';
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    ...options,
    workerData: {
      // tsx/esm/api resolves to its require build here; its import build (the one tsImport works from) sits beside it.
      tsx: pathToFileURL(createRequire(from).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href,
      entry: fileURLToPath(new URL(`./${name}.ts`, from)),
      parent: from,
    },
  });
}
