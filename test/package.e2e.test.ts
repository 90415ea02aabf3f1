/**
 * cutover as a published package, installed the way a user installs it: `npm pack`, the tarball
 * installed into an empty folder (offline: every dependency comes from the npm cache that this
 * checkout's `npm ci` filled, pinned by a lock file derived from this checkout's), then the
 * installed CLI run through `npx`, and a consumer's TypeScript type-checked against the
 * package's own declarations (module NodeNext, skipLibCheck false).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';

const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}
interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines?: Record<string, string>;
  license?: string;
}
interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** Runs a command in `cwd`; resolves with its output whatever the exit code. */
async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

/**
 * A consumer lock file: the packed tarball plus every production entry of this checkout's lock,
 * so `npm ci --offline` installs exactly the versions this checkout tested, from the cache.
 */
function consumerLock(pkg: PackageJson, tarball: string, tarballBytes: Buffer, openaiRange: string): unknown {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { cutover: `file:${tarball}`, openai: openaiRange } },
    'node_modules/cutover': {
      version: pkg.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512').update(tarballBytes).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const CONSUMER_TS = `import OpenAI from 'openai';
import { createCanary, createCanaryRecorder, mapModel, type CanaryMetric } from 'cutover';

const recorder = createCanaryRecorder();
export const canary = createCanary({
  baseline: new OpenAI({ baseURL: 'https://api.llmgateway.io/v1', apiKey: 'k' }),
  candidate: new OpenAI({ baseURL: 'https://api.phaseo.app/v1', apiKey: 'k' }),
  percent: 5,
  aliases: { 'gpt-4o': 'openai/gpt-4o' },
  onMetric: (m: CanaryMetric) => recorder.record(m),
});
export const id: string = mapModel('gpt-4o', { profile: 'aistats' });
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
  },
  files: ['app.ts', 'misuse.ts'],
};

describe('the npm package', () => {
  let work: string;
  let consumer: string;
  let packed: PackResult;
  let install: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cutover-pack-'));
    consumer = join(work, 'consumer');
    // dist/ (bundle + declarations) is built by test/global-setup.ts, as `prepare` builds it before npm pack/publish.
    const p = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(p.code, p.stderr).toBe(0);
    packed = (JSON.parse(p.stdout) as PackResult[])[0] as PackResult;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
    const tarballBytes = readFileSync(join(work, packed.filename));
    cpSync(join(work, packed.filename), join(consumer, packed.filename));
    const openaiRange = pkg.dependencies['openai'] ?? '*';
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { cutover: `file:${packed.filename}`, openai: openaiRange } }, null, 2));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(consumerLock(pkg, packed.filename, tarballBytes, openaiRange), null, 2));
    install = await sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], consumer);
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the bundle, the declarations and the bin, and no tests, fixtures or sources', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/cutover.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/sim-child.js', 'package.json', 'README.md']));
    // …nor the build's stamp (dist/.inputs.json lists the checkout's sources and tests).
    expect(files.filter((f) => /\.test\.|fixture|^test\/|^src\/|\.tsbuildinfo$|\.inputs\.json$/.test(f))).toEqual([]);
  });

  it('installs from the tarball with nothing but the npm cache', () => {
    expect(install.code, install.stderr).toBe(0);
  });

  it('npx cutover --version prints the package version', async () => {
    const r = await sh('npx', ['--no-install', 'cutover', '--version'], consumer);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson).version);
  });

  it('npx cutover eval runs a copied config against the simulated gateways and passes', async () => {
    for (const f of ['eval.config.yaml', 'prompts', 'baseline']) cpSync(join(ROOT, f), join(consumer, f), { recursive: true });
    const r = await sh('npx', ['--no-install', 'cutover', 'eval', '--target', 'local', '--out', 'reports/packed'], consumer);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    // PASS, or INCONCLUSIVE (exit 0 too) when machine load leaves a latency check without evidence either way.
    expect(r.stdout).toMatch(/^(PASS|INCONCLUSIVE) {2}local · /m);
    expect(readFileSync(join(consumer, 'reports/packed/report.json'), 'utf8')).toContain('"verdict"');
  });

  it("a consumer's TypeScript importing createCanary and mapModel type-checks (NodeNext, skipLibCheck false)", async () => {
    writeFileSync(join(consumer, 'app.ts'), CONSUMER_TS);
    // The types are real, not `any`: a wrong use beside it is an error (one tsc run checks both).
    writeFileSync(join(consumer, 'misuse.ts'), "import { mapModel } from 'cutover';\nexport const n: number = mapModel('gpt-4o', { profile: 'aistats' });\n");
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    const r = await sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    const errors = (r.stdout + r.stderr).trim().split('\n');
    expect(errors).toEqual([expect.stringMatching(/^misuse\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'/)]);
  });
});
