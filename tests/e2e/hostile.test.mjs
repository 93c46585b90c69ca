// End to end, hostile input: the page runs under a CSP that allows its own files and
// WebAssembly only (no inline script, no inline style), markup and template syntax in cells
// show as text and never run, and invisible characters show written out in their finding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, start, stop, open, paste, offHost, editCell, changshouFourth } from './harness.mjs';

before(start);
after(stop);

/** Records the page's CSP violations in window.__csp from its first script on. */
const WATCH_CSP = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
};

/** Opens the page with `init` run before its own scripts (a fresh load after it is added). */
async function openWith(init) {
  const opened = await open();
  await opened.page.addInitScript(init);
  await opened.page.reload();
  await opened.page.getByTestId('input').waitFor();
  return opened;
}

/** How many elements in the document carry an event handler attribute (onerror, onload …). */
const HANDLERS = () => [...document.querySelectorAll('*')]
  .filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length;

test('the built page holds no inline script and its CSP allows only its own files and WebAssembly', async () => {
  const html = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta element');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  // Every <script> element loads a file; none holds code.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="\/[^"]+\.js"/);
    assert.equal(body.trim(), '');
  }
});

test('under that CSP the page starts, reads and edits a form with no violation, and refuses an injected inline script', async () => {
  const { page, context, requests, errors } = await openWith(WATCH_CSP);
  const text = await readFile(join(root, 'tests', 'fixtures', 'seeds', 'changshou-target-table.txt'), 'utf8');
  await paste(page, text);
  await page.getByTestId('form').first().waitFor();
  // A finding's jump highlights its lines in the text area (the band is positioned by style).
  await page.getByTestId('diagnostic').first().click();
  await page.locator('.band').first().waitFor();
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  // The CSP is in force: an inline script added to the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return window.__inline ?? null;
  });
  assert.equal(ran, null);
  assert.equal((await page.evaluate(() => window.__csp)).length, 1);
  assert.deepEqual(offHost(requests), []);
  // The refused script is reported by the browser as a console error; nothing else is.
  assert.ok(errors.every((e) => /Content Security Policy/.test(e)), errors.join('\n'));
  await context.close();
});

test('markup, links and template syntax in cells are shown as text and never run', async () => {
  const { page, context, requests, errors } = await openWith(WATCH_CSP);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const evil = {
    script: '<script>window.__pwned = 1</script>',
    img: '<img src=x onerror="window.__pwned = 2">',
    link: 'javascript:window.__pwned = 3',
    template: "{{constructor.constructor('window.__pwned = 4')()}}",
    svg: '<svg onload="alert(5)"></svg>',
  };
  const form = [
    '绩效目标表',
    `项目名称\t${evil.template}`,
    '项目总额：20万元',
    '预算执行率权重：10',
    '一级指标\t二级指标\t三级指标\t指标值\t权重(%)',
    `产出指标\t数量指标\t${evil.script}\t${evil.img}\t30`,
    `产出指标\t质量指标\t${evil.svg}\t${evil.link}\t30`,
    '效益指标\t社会效益指标\t就业率\t≥60%\t20',
    '满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t10',
  ].join('\n');
  await paste(page, form);
  await page.getByTestId('form').first().waitFor();
  const card = page.getByTestId('form').first();
  // Each shows as the text it is.
  for (const s of Object.values(evil)) {
    assert.ok((await card.textContent()).includes(s), s);
  }
  const rows = card.getByTestId('indicator');
  assert.ok((await rows.nth(0).locator('td').allTextContents()).includes(evil.script));
  // Nothing became an element, a link or a run script; no dialog opened.
  assert.equal(await page.locator('img, svg[onload], a[href^="javascript:"]').count(), 0);
  assert.equal(await page.evaluate(HANDLERS), 0);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(dialogs, []);
  // Editing a cell to markup keeps it text too.
  const cell = rows.nth(2).locator('[data-testid="cell"][data-field="name"]');
  await editCell(page, cell, '<b onmouseover="window.__pwned=6">粗</b>');
  await assert.doesNotReject(card.getByText('<b onmouseover="window.__pwned=6">粗</b>').first().waitFor());
  assert.equal(await page.evaluate(HANDLERS), 0);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('invisible characters show written out in their finding; Chinese numerals read as figures', async () => {
  const { page, context, errors } = await open();
  const form = [
    '绩效目标表',
    '项目名称\t社区培训\u200b项目',
    '项目总额：一百万元',
    '预算执行率权重：10',
    '一级指标\t二级指标\t三级指标\t指标值\t权重(%)',
    '产出指标\t数量指标\t培训人数\t≥1\u200b00人\t30',
    '产出指标\t成本指标\t培训成本\t≤一百二十万元\t30',
    '效益指标\t社会效益指标\t就业率\t\u202e≥60%\t20',
    '满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t10',
  ].join('\n');
  await paste(page, form);
  await page.getByTestId('form').first().waitFor();
  const card = page.getByTestId('form').first();
  const p005 = card.locator('[data-testid="diagnostic"][data-code="P005"]');
  assert.equal(await p005.count(), 3);
  assert.match(await p005.nth(0).textContent(), /社区培训⟨U\+200B⟩项目/);
  assert.match(await p005.nth(1).textContent(), /≥1⟨U\+200B⟩00人/);
  assert.match(await p005.nth(2).textContent(), /⟨U\+202E⟩≥60%/);
  // The project reads without the zero-width space.
  await assert.doesNotReject(card.getByText('社区培训项目', { exact: true }).first().waitFor());
  // 一百万元 is 100 万元; the cost of 一百二十万元 (120 万元) is above it: C001.
  const c001 = card.locator('[data-testid="diagnostic"][data-code="C001"]');
  assert.equal(await c001.count(), 1);
  assert.match(await c001.textContent(), /120.*100/);
  assert.deepEqual(errors, []);
  await context.close();
});

const seedText = (stem) => readFile(join(root, 'tests', 'fixtures', 'seeds', `${stem}.txt`), 'utf8');
/** The cell of 本年权重 of the 4th form's first indicator (changshou: 20, read by hand). */
const weightCell = (page) => page.getByTestId('form').nth(3).getByTestId('indicator').first()
  .locator('[data-testid="cell"][data-field="weight_current"]');
/** The autosaved desk, parsed. */
const savedDesk = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('jixiao.desk.v3')));
const apartKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jixiao.desk.v3.tab-')));

test('a full storage quota: a clear message, the work kept in the page, saved again once there is room', async () => {
  const { page, context, requests, errors } = await openWith(() => {
    window.__full = true;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (window.__full && k.startsWith('jixiao.')) throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  await paste(page, await seedText('changshou-target-table'));
  await page.getByTestId('form').nth(3).waitFor();
  await page.getByTestId('message').filter({ hasText: '存储空间已满' }).waitFor();
  // Editing goes on; the edit is in the page and in its exports.
  await weightCell(page).dblclick();
  await page.getByTestId('cell-input').fill('30');
  await page.keyboard.press('Enter');
  assert.equal(await weightCell(page).textContent(), '30');
  assert.equal(await page.getByTestId('form').count(), 4);
  assert.equal(await page.evaluate(() => localStorage.getItem('jixiao.desk.v3')), null);
  // Room again: the next change is saved and the message goes.
  await page.evaluate(() => { window.__full = false; });
  await weightCell(page).dblclick();
  await page.getByTestId('cell-input').fill('25');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => localStorage.getItem('jixiao.desk.v3') !== null);
  assert.equal((await savedDesk(page)).docs[0].edited[3].indicators[0].weight_current, 25);
  assert.equal(await page.getByTestId('message').filter({ hasText: '存储空间已满' }).count(), 0);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs on one desk: the later save never overwrites the other tab, and both come back', async () => {
  const { page: a, context, errors } = await open();
  await paste(a, await seedText('changshou-target-table'));
  await a.getByTestId('form').nth(3).waitFor();
  await a.waitForFunction(() => localStorage.getItem('jixiao.desk.v3') !== null);

  // Tab B opens the same desk.
  const b = await context.newPage();
  b.on('pageerror', (e) => errors.push(String(e)));
  await b.goto(a.url());
  await b.getByTestId('form').nth(3).waitFor();

  // A edits and saves: 本年权重 20 → 30.
  await weightCell(a).dblclick();
  await a.getByTestId('cell-input').fill('30');
  await a.keyboard.press('Enter');
  await a.waitForFunction(() => JSON.parse(localStorage.getItem('jixiao.desk.v3')).docs[0].edited?.[3]?.indicators[0].weight_current === 30);

  // B, which read the desk before, puts another form in: it is told, and saves apart.
  await paste(b, await seedText('luan-2021-target-declaration'));
  await b.getByTestId('message').filter({ hasText: '另一个标签页' }).waitFor();
  await b.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('jixiao.desk.v3.tab-')));
  // A's edit is still what the desk holds.
  const desk = await savedDesk(a);
  assert.equal(desk.docs.length, 1);
  assert.equal(desk.docs[0].edited[3].indicators[0].weight_current, 30);
  assert.match(desk.docs[0].text, /医保服务与保障能力提升/);
  // A saves again without a word; B's work stays apart.
  await weightCell(a).dblclick();
  await a.getByTestId('cell-input').fill('20');
  await a.keyboard.press('Enter');
  await a.waitForFunction(() => JSON.parse(localStorage.getItem('jixiao.desk.v3')).docs[0].edited?.[3]?.indicators[0].weight_current === 20);
  assert.equal(await a.getByTestId('message').filter({ hasText: '另一个标签页' }).count(), 0);
  assert.equal((await apartKeys(a)).length, 1);
  await b.close();
  await a.close();

  // Opened again: both tabs' documents are on the desk, and the desk saved with both.
  const c = await context.newPage();
  c.on('pageerror', (e) => errors.push(String(e)));
  await c.goto(a.url());
  await c.getByTestId('message').filter({ hasText: '1 个文档已载入' }).waitFor();
  await c.getByTestId('desk').waitFor();
  await c.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('jixiao.desk.v3.tab-')));
  const both = await savedDesk(c);
  assert.equal(both.docs.length, 2);
  assert.match(both.docs[0].text, /医保服务与保障能力提升/);
  assert.match(both.docs[1].text, /医疗保障专项业务费/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 50 MB paste is not read at once: the page says so at once, and reads the first 10 MB on request', async () => {
  const { page, context, requests, errors } = await open();
  const stems = ['changshou-target-table', 'luan-2021-target-declaration', 'yanchi-2022-target-approval', 'fushun-2021-self-evaluation'];
  const unit = (await Promise.all(stems.map(seedText))).join('\n\n') + '\n\n';
  const unitBytes = Buffer.byteLength(unit);
  const times = Math.ceil(50 * 1024 * 1024 / unitBytes);
  const took = await page.getByTestId('input').evaluate(async (area, [unit, times]) => {
    const big = unit.repeat(times);
    area.focus();
    // What the browser takes to put the text in the text area is the browser's; the page's
    // part starts with the input event.
    area.value = big;
    const t0 = performance.now();
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, [unit, times]);
  await page.getByTestId('oversize').waitFor();
  assert.ok(took < 2000, `the page answered in ${took} ms`);
  const message = await page.getByTestId('message').textContent();
  assert.match(message, /5\d\.\d MB/);
  assert.match(message, /10 MB/);
  // Nothing was read: the text area is back to empty, no form shows.
  assert.equal(await page.getByTestId('input').inputValue(), '');
  assert.equal(await page.getByTestId('form').count(), 0);
  // The first 10 MB: whole copies of the four seeds (24 forms each, read by hand from the
  // seeds' gold), and the forms of the copy the limit cuts into, up to its last whole line.
  await page.getByTestId('read-first-part').click({ timeout: 120000 });
  await page.getByTestId('form').first().waitFor({ timeout: 120000 });
  const summary = await page.getByTestId('summary').textContent();
  const forms = Number(summary.match(/识别出 (\d+) 张表/)[1]);
  const whole = Math.floor(10 * 1024 * 1024 / unitBytes);
  assert.ok(forms >= whole * 24 && forms <= (whole + 1) * 24, `${forms} forms for ${whole} whole copies`);
  // 10 MB of text is more than Chromium's local storage holds (5 MB): after the note that the
  // first lines were read, the page says autosave failed and the work is in the page.
  await page.getByTestId('message').filter({ hasText: '存储空间已满' }).waitFor();
  assert.equal(await page.getByTestId('oversize').count(), 0);
  // The text area shows the text's first lines, read-only, and says the forms are read from
  // all of it (laying 10 MB out in a text area would take the browser some 18 s).
  const area = page.getByTestId('input');
  assert.equal(await area.getAttribute('data-preview'), 'true');
  assert.equal(await area.evaluate((a) => a.readOnly), true);
  const shownText = await area.inputValue();
  assert.ok(shownText.length < 100000, `${shownText.length} characters shown`);
  assert.match(shownText, /^\s*绩效目标表/);
  assert.match(shownText, /表格按全文读取/);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 10 MB text is read in the worker: the page keeps answering while it is read', async () => {
  const { page, context, requests, errors } = await open();
  const stems = ['changshou-target-table', 'luan-2021-target-declaration', 'yanchi-2022-target-approval', 'fushun-2021-self-evaluation'];
  const unit = (await Promise.all(stems.map(seedText))).join('\n\n') + '\n\n';
  const copies = Math.floor(10 * 1024 * 1024 / Buffer.byteLength(unit));
  const seen = await page.getByTestId('input').evaluate(async (area, [unit, copies]) => {
    const text = unit.repeat(copies);
    const busy = () => document.querySelector('[data-testid=summary]')?.getAttribute('aria-busy') === 'true';
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    area.focus();
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    const t0 = performance.now();
    while (!busy()) {
      if (performance.now() - t0 > 30000) return { never: true };
      await frame();
    }
    const summary = document.querySelector('[data-testid=summary]').textContent;
    // Nothing to export until the reading is back.
    const exportable = [...document.querySelectorAll('[data-testid^=export-]')].filter((b) => !b.disabled).length;
    // While the worker reads: the longest the page goes without running a 10 ms timer, and
    // how long a click on the language button takes to show.
    let gap = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      if (busy()) gap = Math.max(gap, now - last);
      last = now;
    }, 10);
    const lang = document.querySelector('[data-testid=lang]');
    const before = lang.textContent;
    const c0 = performance.now();
    lang.click();
    while (lang.textContent === before) await frame();
    const click = performance.now() - c0;
    const stillBusy = busy();
    lang.click();
    while (busy()) await frame();
    clearInterval(tick);
    const exportableAfter = [...document.querySelectorAll('[data-testid^=export-]')].filter((b) => !b.disabled).length;
    return { summary, gap, click, stillBusy, exportable, exportableAfter };
  }, [unit, copies]);
  assert.ok(!seen.never, 'the page never said it was reading');
  assert.match(seen.summary, /正在后台读取 \d+\.\d MB/);
  // 导出 Excel, 表格文本, JSON, 问题清单: none while the worker reads, all once it is done.
  assert.equal(seen.exportable, 0);
  assert.equal(seen.exportableAfter, 4);
  // The click was answered while the worker was still reading: the page did not wait for it.
  assert.ok(seen.stillBusy, 'the reading was over before the click showed');
  assert.ok(seen.click < 1000, `the click took ${seen.click} ms to show`);
  assert.ok(seen.gap < 1000, `the page paused ${seen.gap} ms while the worker read`);
  await page.getByTestId('form').first().waitFor();
  // Every copy of the four seeds is read: 24 forms a copy, from the seeds' gold (4 + 2 + 3 + 15).
  const summary = await page.getByTestId('summary').textContent();
  assert.equal(Number(summary.match(/识别出 (\d+) 张表/)[1]), copies * 24);
  assert.ok(requests.some((u) => u.endsWith('/worker/read.js')), 'the worker was not started');
  assert.ok(requests.some((u) => u.endsWith('/worker/jixiao_worker_bg.wasm')), 'the worker loaded no wasm');
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Pastes copies of the changshou seed (4 forms a copy, from its gold) to 300 KB, enough to be
 * read in the worker; returns how many copies. */
async function pasteChangshou(page) {
  const unit = (await seedText('changshou-target-table')) + '\n\n';
  const copies = Math.ceil(300 * 1024 / Buffer.byteLength(unit));
  await paste(page, unit.repeat(copies));
  await page.getByTestId('form').first().waitFor({ timeout: 60000 });
  await page.getByTestId('summary').filter({ hasText: '识别出' }).waitFor();
  const summary = await page.getByTestId('summary').textContent();
  assert.equal(Number(summary.match(/识别出 (\d+) 张表/)[1]), copies * 4);
  return copies;
}

test('a form read in the worker is edited and checked again as one read on the page', async () => {
  const { page, context, requests, errors } = await open();
  await pasteChangshou(page);
  assert.ok(requests.some((u) => u.endsWith('/worker/read.js')), 'the worker was not started');
  // The 4th form: 本年权重 20 × 4 + 预算执行率 10 = 90, W001; 20 → 30 makes 100.
  const { w001, cell } = changshouFourth(page);
  assert.equal(await w001.count(), 1);
  assert.equal(await cell.textContent(), '20');
  await editCell(page, cell, '30');
  assert.equal(await cell.textContent(), '30');
  await w001.waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  assert.equal(await cell.textContent(), '20');
  await w001.waitFor();
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without its worker the page reads a long text itself', async () => {
  const { page, context, requests, errors } = await open();
  await context.route('**/worker/read.js', (route) => route.fulfill({ status: 404, body: '' }));
  await pasteChangshou(page);
  assert.ok(!requests.some((u) => u.endsWith('/worker/jixiao_worker_bg.wasm')));
  // The worker's failure is the page's own business: a warning in the console, no error.
  assert.deepEqual(errors, []);
  await context.close();
});

test('not a form: an image, an empty file, a binary, prose and a 0-byte paste each say what happened', async () => {
  const { page, context, requests, errors } = await open();
  const png = Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001080200000090775362', 'hex');
  await page.getByTestId('file').setInputFiles([{ name: '截图.png', mimeType: 'image/png', buffer: png }]);
  await page.getByTestId('message').filter({ hasText: '「截图.png」是 PNG 图片' }).waitFor();
  assert.equal(await page.getByTestId('form').count(), 0);
  // Two at once go on the desk, each row with its reason.
  await page.getByTestId('file').setInputFiles([
    { name: '空.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: 'data.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 9, 9]) },
  ]);
  await page.getByTestId('message').filter({ hasText: '2 个文件无法读取' }).waitFor();
  const rows = (await page.getByTestId('queue-row').allTextContents()).join('\n');
  assert.match(rows, /空\.txt「空\.txt」是空的/);
  assert.match(rows, /data\.bin「data\.bin」既不是文本/);
  // Prose: P001 says what the reader looks for; a 0-byte paste brings the introduction back.
  await paste(page, '这是一段说明文字，不是表格。');
  const p001 = page.locator('[data-testid="diagnostic"][data-code="P001"]');
  await p001.first().waitFor();
  assert.match(await p001.first().textContent(), /未识别出绩效表/);
  await paste(page, '');
  await page.getByTestId('intro').waitFor();
  assert.equal(await page.getByTestId('diagnostic').count(), 0);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});
