/** The report's only style sheet and script, inlined (the CSP forbids every external source). */

export const SERIES_COLORS = { baseline: '#3b5bdb', candidate: '#e8590c', neutral: '#8250df' } as const;

export const CSS = `
:root {
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --inconclusive: #9a6700; --inconclusive-bg: #fff8c5; --skipped: #59636e; --skipped-bg: #eaeef2;
  --baseline: ${SERIES_COLORS.baseline}; --candidate: ${SERIES_COLORS.candidate};
  --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 72px; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h2 { font-size: 20px; margin: 44px 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; }
p { margin: 0 0 10px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
.muted { color: var(--muted); }
.meta { color: var(--muted); font-size: 13px; margin-bottom: 14px; }
.meta span + span::before { content: "·"; margin: 0 8px; color: #afb8c1; }

.hero { border-radius: 14px; padding: 22px 26px; border: 1px solid; border-left-width: 10px; }
.hero.fail { background: var(--fail-bg); border-color: var(--fail); }
.hero.pass { background: var(--pass-bg); border-color: var(--pass); }
.hero.inconclusive { background: var(--inconclusive-bg); border-color: var(--inconclusive); }
.hero.incomplete { background: var(--fail-bg); border-color: var(--fail); }
.hero.empty { background: var(--skipped-bg); border-color: var(--skipped); }
.hero h1 { font-size: 30px; display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
.hero .word { font-weight: 800; letter-spacing: 0.02em; }
.hero.fail .word { color: var(--fail); } .hero.pass .word { color: var(--pass); }
.hero.inconclusive .word { color: var(--inconclusive); }
.hero.incomplete .word { color: var(--fail); } .hero.empty .word { color: var(--skipped); }
.hero .sub { font-size: 17px; font-weight: 500; color: var(--ink); }
.hero ul { margin: 12px 0 0; padding-left: 20px; }
.hero li { margin: 3px 0; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 12px; }

.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 11.5px; font-weight: 700;
  text-transform: uppercase; letter-spacing: 0.05em; white-space: nowrap; border: 1px solid transparent; }
.badge.pass { color: var(--pass); background: var(--pass-bg); border-color: #aceebb; }
.badge.fail { color: var(--fail); background: var(--fail-bg); border-color: #ffcecb; }
.badge.inconclusive { color: var(--inconclusive); background: var(--inconclusive-bg); border-color: #f5e0a0; }
.badge.skipped { color: var(--skipped); background: var(--skipped-bg); border-color: #d0d7de; }
.chk { display: inline-block; font-size: 12px; padding: 0 7px; margin: 1px 2px 1px 0; border-radius: 5px;
  border: 1px solid var(--line); background: #fff; white-space: nowrap; }
.chk.fail { border-color: var(--fail); color: var(--fail); background: var(--fail-bg); font-weight: 600; }
.chk.inconclusive { border-color: #d4a72c; color: var(--inconclusive); background: var(--inconclusive-bg); }
.chk.skipped { color: var(--muted); border-style: dashed; }
.chk.not-measured, .chk.not-comparable { color: var(--muted); border-style: dotted; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.dot.baseline { background: var(--baseline); } .dot.candidate { background: var(--candidate); }

.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-top: 18px; }
.stat { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.stat .label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.stat .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .detail { font-size: 13px; color: var(--muted); }

.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 12px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
tbody tr:last-child td { border-bottom: 0; }
thead th { background: var(--soft); font-size: 12.5px; font-weight: 600; color: #424a53; white-space: nowrap; }
th.num, td.num { text-align: right; }
tbody tr:hover td { background: #fafbfc; }
th button { all: unset; cursor: pointer; }
th button::after { content: " ↕"; color: #afb8c1; }
th[aria-sort="ascending"] button::after { content: " ↑"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " ↓"; color: var(--ink); }
th button:focus-visible { outline: 2px solid #0969da; border-radius: 3px; }
td.worse { color: var(--fail); font-weight: 600; } td.better { color: var(--pass); }
.controls { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; flex-wrap: wrap; }
.controls input, .controls select { font: inherit; font-size: 14px; padding: 6px 10px; border: 1px solid #d0d7de;
  border-radius: 7px; background: #fff; color: var(--ink); }
.controls input { min-width: 340px; }

.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 14px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 10px; padding: 12px 12px 6px; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 14px; margin-bottom: 4px; }
svg.plot { width: 100%; height: auto; display: block; }

.diff-case { border: 1px solid var(--line); border-radius: 10px; padding: 14px; margin-bottom: 14px; break-inside: avoid; }
.diff-case h3 { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; flex-wrap: wrap; }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.diff .side-label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin-bottom: 4px; }
.diff pre { margin: 0; padding: 12px 14px; background: var(--soft); border-radius: 8px; white-space: pre-wrap;
  overflow-wrap: anywhere; font-size: 13px; line-height: 1.6; }
del { background: #ffcecb; color: #82071e; text-decoration: line-through; text-decoration-color: rgba(130, 7, 30, 0.45); border-radius: 2px; }
ins { background: #aceebb; color: #055d20; text-decoration: none; border-radius: 2px; }

table.contract td, table.gateways td { white-space: nowrap; }
table.contract { font-size: 13.5px; }
table.contract th, table.contract td { padding: 6px 9px; }
table.contract td[rowspan]:first-child { white-space: normal; }
table#cases { font-size: 13.5px; }
table#cases th, table#cases td { padding: 6px 9px; }
table#cases td.checks { min-width: 200px; }
table#cases td.nowrap { white-space: nowrap; }
table#cases td .file { overflow-wrap: anywhere; max-width: 28ch; }
table.contract td.differs { background: #fff5cc; font-weight: 600; }
table.contract tr.pair-start td { border-top: 2px solid var(--line); }
.callout { border-left: 4px solid var(--inconclusive); background: var(--inconclusive-bg); padding: 8px 12px;
  border-radius: 6px; margin: 0 0 10px; }
ul.findings { padding-left: 20px; } ul.findings li { margin: 4px 0; }
.src { color: var(--muted); font-size: 0.85em; }
dl.defs { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; font-size: 14px; }
dl.defs dt { font-weight: 600; } dl.defs dd { margin: 0; color: #424a53; }
footer { margin-top: 48px; font-size: 12.5px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 12px; }

@media (max-width: 720px) { .diff { grid-template-columns: 1fr; } .plots { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .controls { display: none; }
  .hero, .badge, .chk, del, ins, td.differs, .dot, .callout { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, figure, .diff-case { break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  .plots { grid-template-columns: 1fr 1fr; }
  a { color: inherit; }
}
`;

/** Sorting and filtering of the cases table; no framework, nothing fetched. */
export const SCRIPT = `
(function () {
  var table = document.getElementById('cases');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var text = document.getElementById('case-filter');
  var verdict = document.getElementById('verdict-filter');
  var count = document.getElementById('case-count');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var v = verdict.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!v || row.getAttribute('data-verdict') === v) && (!q || row.getAttribute('data-search').indexOf(q) !== -1);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' cases';
  }
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    if (!numeric) return raw.toLowerCase();
    return raw === '' ? null : Number(raw);
  }
  Array.prototype.forEach.call(table.tHead.querySelectorAll('th button'), function (button) {
    button.addEventListener('click', function () {
      var th = button.parentNode;
      var col = Number(button.getAttribute('data-col'));
      var numeric = button.getAttribute('data-type') === 'num';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.querySelectorAll('th'), function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var ka = key(a, col, numeric), kb = key(b, col, numeric);
        if (ka === kb) return 0;
        if (ka === null) return 1;
        if (kb === null) return -1;
        return (ka < kb ? -1 : 1) * dir;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });
  text.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  apply();
})();
`;
