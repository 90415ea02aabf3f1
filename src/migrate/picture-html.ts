/**
 * migration.html: the migration picture as one self-contained page in report.html's look
 * (same style sheet and Content-Security-Policy; no script at all).
 */
import { CSS } from '../report/html-assets.ts';
import { escapeHtml as e } from '../report/html-escape.ts';
import { pageHead } from '../report/html-page.ts';
import { groupCounts, type FileGroup, type MigrationPicture, type PictureFile, type PictureLine } from './picture.ts';
import { headline, REMOVE_OLD_CONFIG, subline } from './picture-text.ts';

const PICTURE_CSS = `
.diff .no { display: inline-block; min-width: 2.2em; color: var(--muted); user-select: none; }
.diff .note { color: var(--muted); font-family: system-ui, sans-serif; font-size: 12px; margin-left: 8px; }
.diff del, .diff ins { display: block; text-decoration: none; }
`;

const GROUP_TITLES: Record<FileGroup, string> = { environment: 'Environment files', configuration: 'Configuration files', code: 'Code' };

function lines(ls: readonly PictureLine[], tag: 'del' | 'ins'): string {
  return ls.map((l) => `<${tag}><span class="no">${l.no}</span>${e(l.text)}${l.note ? `<span class="note">${e(l.note)}</span>` : ''}</${tag}>`).join('');
}

/** `text` with its backticked parts as <code>. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? `<code>${e(part)}</code>` : e(part)))
    .join('');
}

function fileSection(f: PictureFile): string {
  const label = (text: string, i: number): string => (i === 0 ? `<div class="side-label">${text}</div>` : '');
  const blocks = f.blocks
    .map(
      (b, i) => `<div class="diff" style="margin-top:6px"><div>${label('before', i)}<pre>${lines(b.removed, 'del') || ' '}</pre></div><div>${label('after', i)}<pre>${lines(b.added, 'ins') || ' '}</pre></div></div>`,
    )
    .join('');
  return `<div class="diff-case" data-file="${e(f.path)}"><h3><code>${e(f.path)}</code><span class="badge pass">${f.blocks.reduce((n, b) => n + Math.max(b.removed.length, b.added.length), 0)} line(s)</span></h3>${blocks}</div>`;
}

function variablesTable(p: MigrationPicture): string {
  if (p.variables.length === 0) return '<p class="muted">No LLM_GATEWAY_* variable is used.</p>';
  const rows = p.variables
    .map(
      (v) =>
        `<tr><td><code>${e(v.name)}</code></td><td><code>${e(v.becomes)}</code></td><td>${v.setIn.map((x) => `<code>${e(x)}</code>`).join(' ') || '–'}</td><td>${v.readIn.map((x) => `<code>${e(x)}</code>`).join(' ') || '–'}</td><td>${v.byHand.length ? `by hand: ${v.byHand.map((x) => `<code>${e(x)}</code>`).join(' ')}` : p.wrote ? 'renamed' : 'renamed by migrate'}</td></tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table class="gateways" id="variables"><thead><tr><th>variable</th><th>becomes</th><th>set in</th><th>read in</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function renderMigrationHtml(p: MigrationPicture, meta: { version: string; generatedAt: Date }): string {
  const cls = p.leftAlone.length ? 'inconclusive' : 'pass';
  const counts = groupCounts(p);
  const groups = (['environment', 'configuration', 'code'] as const)
    .filter((g) => counts[g] > 0)
    .map((g) => `<h2 id="${g}">${GROUP_TITLES[g]}</h2><p class="muted">${g === 'environment' ? 'Variable names only: a value is never shown.' : 'Changed lines; anything that looks like a credential is masked.'}</p>${p.files.filter((f) => f.group === g).map(fileSection).join('\n')}`)
    .join('\n');
  const left = p.leftAlone.length
    ? `<h2 id="left-alone">Left alone</h2><ul class="findings">${p.leftAlone.map((s) => `<li><code>${e(s.path)}</code>: ${e(s.reason)}</li>`).join('')}</ul>`
    : '';
  return `${pageHead(`cutover migrate · ${p.root}`, CSS + PICTURE_CSS)}<div class="meta"><span><strong>cutover</strong> ${e(meta.version)}</span><span>migrate</span><span><code>${e(p.root)}</code></span><span>${p.wrote ? 'written' : 'dry run: nothing written'}</span></div>
<section class="hero ${cls}" id="summary"><h1><span class="word">${e(headline(p))}</span><span class="sub">${e(subline(p))}</span></h1></section>
<h2 id="variables-heading">Variables</h2>
${variablesTable(p)}
${groups}
${left}
<h2 id="remove-old-config">Remove old config</h2><p>${withCode(REMOVE_OLD_CONFIG)}</p>
<footer>Generated ${e(meta.generatedAt.toISOString())} by cutover ${e(meta.version)} · ${p.filesScanned} file(s) scanned</footer>
</main>
</body>
</html>
`;
}
