/**
 * The browser tests need no apt package: with no system Chromium, or a broken one, they run on
 * the Chromium shipped inside @sparticuz/chromium; a working system Chromium is preferred.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, packagedChromium, type LaunchedBrowser } from './helpers/browser.ts';

async function renders(launched: LaunchedBrowser): Promise<string> {
  try {
    const page = await launched.browser.newPage();
    await page.setContent('<p id="x">Don\u2019t panic</p>');
    return await page.locator('#x').innerText();
  } finally {
    await launched.browser.close();
  }
}

describe('launchBrowser', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutover-browser-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('falls back to the packaged Chromium when the system one is absent', async () => {
    const launched = await launchBrowser({ ...process.env, CUTOVER_CHROMIUM: '/nonexistent/chromium' });
    expect(launched.source).toBe('packaged');
    expect(launched.fallbackReason).toContain('/nonexistent/chromium does not exist');
    expect(await renders(launched)).toBe('Don\u2019t panic');
  });

  it('falls back to the packaged Chromium when the system one does not start', async () => {
    const broken = join(dir, 'chromium');
    await writeFile(broken, '#!/bin/sh\necho "cannot open shared object file" >&2\nexit 127\n');
    await chmod(broken, 0o755);
    const launched = await launchBrowser({ ...process.env, CUTOVER_CHROMIUM: broken });
    expect(launched.source).toBe('packaged');
    expect(launched.fallbackReason).toContain(`${broken} did not start`);
    expect(await renders(launched)).toBe('Don\u2019t panic');
  });

  it('prefers a system Chromium that starts', async () => {
    // A "system" browser on PATH that is really the packaged binary: present and working.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const wrapper = join(bin, 'chromium');
    await writeFile(wrapper, `#!/bin/sh\nexec '${await packagedChromium()}' "$@"\n`);
    await chmod(wrapper, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    delete env['CUTOVER_CHROMIUM'];
    const launched = await launchBrowser(env);
    expect(launched.source).toBe('system');
    expect(launched.executablePath).toBe(wrapper);
    expect(await renders(launched)).toBe('Don\u2019t panic');
  });
});
