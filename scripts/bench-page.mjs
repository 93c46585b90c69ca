// The page's benchmark (not a test): paste-to-view for each seed, for a 1 MB and a 10 MB text
// (with the page's longest pause, overall and while the worker reads), one
// edit to re-check and repaint on a 200-indicator form, 100 files dropped on the desk, and the
// page's wasm and JS sizes.
//
// After `trunk build --release`: node scripts/bench-page.mjs
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { root, seeds, start, stop, open, paste, STEMS } from '../tests/e2e/harness.mjs';

const runs = Number(process.env.RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await start();
const { page, context } = await open({ viewport: { width: 1400, height: 900 } });

/** Starts recording in window.__gap the longest the page went without running a 10 ms timer:
 * how long input would have waited. */
function watchPauses(page) {
  return page.evaluate(() => {
    window.__gap = 0;
    window.__busyGap = 0;
    let last = performance.now();
    const busy = () => !!document.querySelector('[data-testid=summary][aria-busy=true]');
    let wasBusy = busy();
    window.__tick = setInterval(() => {
      const now = performance.now();
      window.__gap = Math.max(window.__gap, now - last);
      // A pause wholly while the page said it was reading in the background (the worker
      // reads): busy when it began and when it ended.
      const isBusy = busy();
      if (wasBusy && isBusy) window.__busyGap = Math.max(window.__busyGap, now - last);
      wasBusy = isBusy;
      last = now;
    }, 10);
  });
}

/** Time from putting the text in to the first form painted (two animation frames). */
async function pasteToView(text) {
  await paste(page, '');
  await page.getByTestId('intro').waitFor();
  return page.evaluate(async (text) => {
    const area = document.querySelector('[data-testid=input]');
    const t0 = performance.now();
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    while (!document.querySelector('[data-testid=form]')) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, text);
}

const rows = [];
for (const stem of STEMS) {
  const text = await readFile(join(seeds, `${stem}.txt`), 'utf8');
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await pasteToView(text));
  rows.push([`paste-to-view ${stem} (${Buffer.byteLength(text)} B)`, median(times)]);
}
const all = (await Promise.all(STEMS.map((s) => readFile(join(seeds, `${s}.txt`), 'utf8')))).join('\n\n');
let big = '';
while (Buffer.byteLength(big) < 1024 * 1024) big += all + '\n\n';
{
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await pasteToView(big));
  rows.push([`paste-to-view 1 MB (${Buffer.byteLength(big)} B)`, median(times)]);
}

// 10 MB, the most the page reads at once: paste-to-view, and the longest the page went without
// running a timer meanwhile (how long input waits while it reads).
{
  let ten = '';
  const unit = all + '\n\n';
  while (Buffer.byteLength(ten) + Buffer.byteLength(unit) <= 10 * 1024 * 1024) ten += unit;
  await watchPauses(page);
  const t = await pasteToView(ten);
  const [gap, busyGap] = await page.evaluate(() => { clearInterval(window.__tick); return [window.__gap, window.__busyGap]; });
  rows.push([`paste-to-view 10 MB (${Buffer.byteLength(ten)} B)`, t]);
  rows.push(['longest pause of the page, from the paste to the forms shown', gap]);
  rows.push(['longest pause while the worker reads the 10 MB', busyGap]);
  await paste(page, '');
}

// A form of 200 indicators: the first changshou form's table, its indicator rows repeated.
const changshou = await readFile(join(seeds, 'changshou-target-table.txt'), 'utf8');
const lines = changshou.split('\n');
const firstForm = lines.slice(0, lines.findIndex((l, i) => i > 5 && /^\s*绩效目标表\s*$/.test(l)));
const head = firstForm.findIndex((l) => l.startsWith('一级指标'));
const body = firstForm.slice(head + 1).filter((l) => l.includes('\t'));
const many = [...firstForm.slice(0, head + 1)];
for (let i = 0; many.length - head - 1 < 200; i++) {
  const cells = body[i % body.length].split('\t');
  cells[2] = `${cells[2]}${i + 1}`;
  many.push(cells.join('\t'));
}
await paste(page, many.join('\n'));
await page.getByTestId('form').first().waitFor();
const n = await page.getByTestId('indicator').count();
const edits = [];
for (let i = 0; i < runs * 2; i++) {
  edits.push(await page.evaluate(async (v) => {
    const cell = document.querySelector('[data-testid=indicator] [data-field=weight]');
    cell.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await new Promise((r) => requestAnimationFrame(r));
    const input = document.querySelector('[data-testid=cell-input]');
    input.value = String(v);
    const t0 = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, 10 + (i % 7)));
}
rows.push([`one edit, re-check and repaint (${n} indicators)`, median(edits)]);
await context.close();

// The desk: 100 files dropped at once (the four seeds, 25 times each, under their own names),
// time to the full table (every row counted and the first hundred drawn, the progress bar gone), and the longest the page
// went without running a timer meanwhile (its responsiveness while reading).
{
  const texts = await Promise.all(STEMS.map((s) => readFile(join(seeds, `${s}.txt`))));
  const files = [];
  for (let i = 0; i < 100; i++) files.push({ name: `${String(i + 1).padStart(3, '0')}-${STEMS[i % 4]}.txt`, mimeType: 'text/plain', buffer: texts[i % 4] });
  const forms = 25 * (4 + 2 + 3 + 15);
  const times = [];
  const stalls = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const { page, context } = await open({ viewport: { width: 1400, height: 900 } });
    await watchPauses(page);
    const t0 = Date.now();
    await page.getByTestId('file').setInputFiles(files);
    // Every row counted, the first hundred drawn (the rest are drawn as the table scrolls).
    await page.waitForFunction((n) => (document.querySelector('[data-testid=desk-count]')?.textContent ?? '').includes(`共 ${n} 行`) && document.querySelectorAll('[data-testid=queue-row]').length === 100 && !document.querySelector('[data-testid=progress]'), forms, { polling: 20, timeout: 120000 });
    times.push(Date.now() - t0);
    stalls.push(await page.evaluate(() => window.__gap));
    await context.close();
  }
  rows.push([`desk: 100 files (${forms} forms) to the full table`, median(times)]);
  rows.push(['desk: longest pause of the page while reading them', median(stalls)]);
}

await stop();

const dist = join(root, 'dist');
for (const dir of ['', 'worker']) {
  for (const f of await readdir(join(dist, dir))) {
    if (/\.(wasm|js|css)$/.test(f)) {
      const b = await readFile(join(dist, dir, f));
      rows.push([`size ${join(dir, f.replace(/-[0-9a-f]{16}/, ''))}`, `${(b.length / 1024).toFixed(0)} KB raw, ${(gzipSync(b, { level: 9 }).length / 1024).toFixed(0)} KB gzipped`]);
    }
  }
}
for (const [what, v] of rows) {
  console.log(`${what.padEnd(62)} ${typeof v === 'number' ? `${v.toFixed(1)} ms` : v}`);
}
