// End to end, the reviewer's desk: many files dropped at once become one table of forms, sorted
// and filtered; a row opens its form in the editor, its edit is kept across a reload; a file
// that cannot be read gets its row; a self-evaluation is held against its target form from
// another file; the desk's exports.
//
// The .xlsx, .docx and GBK files are made from the seeds by `cargo run --example
// e2e_fixtures -- target/e2e-fixtures`; the command line (`target/debug/jixiao`) is built by
// `cargo test`. scripts/test.sh runs both first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { root, seeds, start, stop, open, offHost, download, STEMS, editCell } from './harness.mjs';

before(start);
after(stop);

const fixtures = join(root, 'target', 'e2e-fixtures');
const VARIANTS = ['changshou-gbk.txt', 'fushun.xlsx', 'luan.docx', 'yanchi.xlsx'];
// Which seed each variant is made from.
const SEED_OF = {
  'changshou-gbk.txt': 'changshou-target-table',
  'fushun.xlsx': 'fushun-2021-self-evaluation',
  'luan.docx': 'luan-2021-target-declaration',
  'yanchi.xlsx': 'yanchi-2022-target-approval',
};
for (const s of STEMS) SEED_OF[`${s}.txt`] = s;

/** The indicators of each form of a seed, read by hand (tests/fixtures/gold/*.expected.json). */
async function goldIndicators(stem) {
  const gold = JSON.parse(await readFile(join(root, 'tests', 'fixtures', 'gold', `${stem}.expected.json`), 'utf8'));
  return gold.map((f) => f.indicators.length);
}

const files = async (paths) =>
  Promise.all(paths.map(async (p) => ({ name: basename(p), mimeType: 'application/octet-stream', buffer: await readFile(p) })));

/** The command line's JSON output (it exits 1 when it finds an error). */
function jixiao(args) {
  try {
    return JSON.parse(execFileSync(join(root, 'target', 'debug', 'jixiao'), args).toString());
  } catch (e) {
    if (e.status === 1) return JSON.parse(e.stdout.toString());
    throw e;
  }
}

const cell = (row, col) => row.locator(`[data-col="${col}"]`).textContent();

/** Every row's (file, form, errors) in the order shown. */
async function shownRows(page) {
  return page.getByTestId('queue-row').evaluateAll((rows) =>
    rows.map((r) => ({
      file: r.querySelector('td.file').firstChild.textContent,
      form: r.dataset.form === undefined ? null : Number(r.dataset.form),
      errors: r.dataset.error ? Infinity : Number(r.querySelector('[data-col="errors"]').textContent),
    })),
  );
}

test('many files at once: one row per form with its counts, sorted, filtered, opened, edited, kept across a reload', async () => {
  const { page, context, requests, errors } = await open({ viewport: { width: 1400, height: 900 } });
  const paths = [...STEMS.map((s) => join(seeds, `${s}.txt`)), ...VARIANTS.map((v) => join(fixtures, v))];
  const pdf = { name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%âãÏÓ\n') };
  await page.getByTestId('file').setInputFiles([...(await files(paths)), pdf]);
  await page.getByTestId('message').filter({ hasText: '9 个文件' }).waitFor();
  // 4 + 2 + 3 + 15 forms a seed, twice, and the PDF's row.
  assert.match(await page.getByTestId('message').textContent(), /已读取 9 个文件，识别出 48 张表；1 个文件无法读取/);
  const rows = page.getByTestId('queue-row');
  assert.equal(await rows.count(), 49);
  assert.equal(await page.getByTestId('progress').count(), 0);
  const bad = rows.filter({ hasText: '扫描件.pdf' });
  assert.equal(await bad.getAttribute('data-error'), 'true');
  assert.match(await bad.textContent(), /PDF/);

  // Each row: its indicators as read by hand, its findings as `jixiao check --summary` counts
  // them on the same files.
  const cli = jixiao(['check', '--summary', '--json', ...paths]);
  for (const p of paths) {
    const name = basename(p);
    const gold = await goldIndicators(SEED_OF[name]);
    const mine = rows.filter({ has: page.locator('td.file', { hasText: name }) });
    assert.equal(await mine.count(), gold.length, name);
    for (let i = 0; i < gold.length; i++) {
      const row = mine.nth(i);
      const want = cli.find((r) => basename(r.file) === name && r.form === i);
      assert.equal(Number(await row.getAttribute('data-form')), i, name);
      assert.equal(Number(await cell(row, 'indicators')), gold[i], `${name} form ${i + 1} indicators`);
      assert.deepEqual(
        [await cell(row, 'errors'), await cell(row, 'warnings'), await cell(row, 'infos')].map(Number),
        [want.errors, want.warnings, want.infos],
        `${name} form ${i + 1} findings`,
      );
    }
  }
  // changshou's 4th form: 本年权重 20 × 4 + 预算执行率权重 10 = 90, one error (W001).
  const fourth = rows.filter({ has: page.locator('td.file', { hasText: 'changshou-gbk.txt' }) }).nth(3);
  assert.equal(await cell(fourth, 'errors'), '1');
  assert.match(await fourth.getAttribute('data-codes'), /W001/);

  // Sorted by errors, most first (the file that could not be read on top), then fewest first.
  await page.locator('[data-sort="errors"]').click();
  let order = (await shownRows(page)).map((r) => r.errors);
  assert.equal(order[0], Infinity);
  assert.deepEqual(order, [...order].sort((a, b) => b - a));
  assert.equal(await page.locator('th[aria-sort="descending"] [data-sort="errors"]').count(), 1);
  await page.locator('[data-sort="errors"]').click();
  order = (await shownRows(page)).map((r) => r.errors);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  await page.locator('[data-sort="file"]').click();
  const names = (await shownRows(page)).map((r) => r.file);
  assert.deepEqual(names, [...names].sort());

  // Filters: by kind, errors only, rule code, text; together.
  const kind = page.getByTestId('queue-kind');
  await kind.selectOption('project_self_evaluation');
  assert.equal(await rows.count(), 4); // fushun's 10th and 11th forms, twice
  await kind.selectOption('');
  await page.getByTestId('queue-errors').check();
  // changshou 2nd and 4th, luan 1st, fushun 2nd, twice; and the PDF.
  assert.equal(await rows.count(), 9);
  await page.getByTestId('queue-errors').uncheck();
  await page.getByTestId('queue-code').selectOption('W001');
  const w001 = cli.filter((r) => r.codes.includes('W001')).length;
  assert.ok(w001 >= 2);
  assert.equal(await rows.count(), w001);
  await page.getByTestId('queue-code').selectOption('');
  await page.getByTestId('queue-search').fill('盐池');
  assert.equal(await rows.count(), 6);
  await page.getByTestId('queue-search').fill('');
  assert.equal(await rows.count(), 49);

  // Opening a row shows its document in the editor; an edit there updates its row.
  await fourth.click();
  assert.match(await page.getByTestId('viewing').textContent(), /changshou-gbk\.txt/);
  assert.equal(await page.getByTestId('form').count(), 4);
  const form = page.getByTestId('form').nth(3);
  assert.equal(await form.locator('[data-testid="diagnostic"][data-code="W001"]').count(), 1);
  const weight = form.getByTestId('indicator').first().locator('[data-testid="cell"][data-field="weight_current"]');
  await editCell(page, weight, '30');
  assert.equal(await form.locator('[data-testid="diagnostic"][data-code="W001"]').count(), 0);
  assert.equal(await cell(fourth, 'errors'), '0');
  // Another document opened and back: the edit stays with its document.
  await rows.filter({ hasText: 'luan.docx' }).first().click();
  assert.match(await page.getByTestId('viewing').textContent(), /luan\.docx/);
  assert.equal(await cell(fourth, 'errors'), '0');

  // After a reload: every row, the edit in its document, the seed it came from untouched.
  await page.waitForTimeout(400);
  await page.reload();
  await rows.first().waitFor();
  assert.equal(await rows.count(), 49);
  const again = rows.filter({ has: page.locator('td.file', { hasText: 'changshou-gbk.txt' }) }).nth(3);
  assert.equal(await cell(again, 'errors'), '0');
  const original = rows.filter({ has: page.locator('td.file', { hasText: 'changshou-target-table.txt' }) }).nth(3);
  assert.equal(await cell(original, 'errors'), '1');
  await again.click();
  const kept = page.getByTestId('form').nth(3).getByTestId('indicator').first().locator('[data-testid="cell"][data-field="weight_current"]');
  assert.equal(await kept.textContent(), '30');

  // A file taken off the desk comes back with its undo.
  await rows.filter({ hasText: 'luan.docx' }).first().getByTestId('queue-remove').click();
  assert.equal(await rows.count(), 47);
  await page.getByTestId('desk-restore').click();
  assert.equal(await rows.count(), 49);

  // Exports: the rows shown as CSV (one line a form) and .xlsx, every finding as one CSV.
  const csv = (await download(page, 'desk-csv')).toString('utf8');
  assert.ok(csv.startsWith('\uFEFF文件,表,行,类型'));
  assert.equal(csv.trim().split('\r\n').length, 1 + 48);
  assert.match(csv, /changshou-gbk\.txt,4,122-157,绩效目标表,/);
  const xlsx = await download(page, 'desk-xlsx');
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  const findings = (await download(page, 'desk-findings')).toString('utf8');
  const all = cli.reduce((n, r) => n + r.errors + r.warnings + r.infos, 0);
  // The edit took one error (W001 on changshou-gbk.txt's 4th form) away.
  assert.equal(findings.trim().split('\r\n').length, 1 + all - 1);

  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A self-evaluation of a target form (its JSON as the page exports it), with the given
 * targets changed and indicators left out, laid out as the 自评表 of tests/fixtures/desk. */
function selfEvaluationOf(form, { change, drop }) {
  const target = (i) => {
    const op = ['≥', '≤', '=', '>', '<'].includes(i.value?.op) ? i.value.op : '';
    return `${op}${i.target}${i.value?.unit ?? ''}`;
  };
  const lines = [
    '',
    `2021年${form.department}预算项目（政策）绩效目标自评表`,
    '',
    `项目（政策）名称\t\t${form.project}`,
    `项目编码\t\t${form.project_code}`,
    `主管部门\t\t${form.department}`,
    `实施单位\t\t${form.unit}\t\t\t\t实施期\t\t2021年1月 2021年12月`,
    '项目预算资金\t\t\t年初预算数\t全年预算数（A）\t\t全年执行数（B）\t\t分值\t执行率（B/A）\t\t得分（分值*B/A）',
    `\t年度预算资金总额：\t\t${form.funds.total}\t${form.funds.total}\t\t${form.funds.total * 0.95}\t\t10\t95%\t\t9.5`,
    '一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\t改进措施',
  ];
  let c = 0;
  const at = {};
  form.indicators.forEach((ind, k) => {
    if (drop.includes(ind.name)) return;
    const t = change[ind.name] ?? target(ind);
    const w = ind.weight_current ?? ind.weight;
    c += w;
    at[ind.name] = lines.length + 1;
    lines.push(`${ind.level1}\t${ind.level2}\t${ind.name}\t${t}\t${t.replace(/^[≥≤=<>]/, '')}\t${w}\t${w}\t\t`);
  });
  lines.push(`产出、效益、满意度指标自评得分小计 (C)\t\t\t\t\t${c}\t\t预算执行率得分 (D)\t\t\t\t9.5`);
  lines.push(`绩效自评总得分 (C+D)\t\t\t\t\t${c + 9.5}`);
  return { text: lines.join('\n') + '\n', at };
}

test('a self-evaluation and its target form, made from a seed in two files: exactly the cross-form findings', async () => {
  const { page, context, requests, errors } = await open();
  // The target: changshou's first form as it stands in the seed (lines 1–41, so its line
  // numbers are the seed's); its indicators as the command line reads them.
  const seedText = await readFile(join(seeds, 'changshou-target-table.txt'), 'utf8');
  const targetText = seedText.split('\n').slice(0, 41).join('\n') + '\n';
  const cli = jixiao(['check', '--json', join(seeds, 'changshou-target-table.txt')]);
  const form = cli[0].report.forms[0];
  // Read by hand from the seed: 居民医保待遇发放准确率 ≥95% on line 36, 医保基金有效节约 on line 39.
  assert.equal(form.indicators[0].name, '居民医保待遇发放准确率');
  assert.equal(form.indicators[3].name, '医保基金有效节约');
  const { text, at } = selfEvaluationOf(form, { change: { 居民医保待遇发放准确率: '≥90%' }, drop: ['医保基金有效节约'] });
  const dir = await mkdtemp(join(tmpdir(), 'jixiao-desk-'));
  await writeFile(join(dir, '长寿-目标表.txt'), targetText);
  await writeFile(join(dir, '长寿-自评表.txt'), text);
  await page.getByTestId('file').setInputFiles([join(dir, '长寿-目标表.txt'), join(dir, '长寿-自评表.txt')]);
  await page.getByTestId('message').filter({ hasText: '2 个文件' }).waitFor();
  const rows = page.getByTestId('queue-row');
  assert.equal(await rows.count(), 2);
  const [t, e] = [rows.nth(0), rows.nth(1)];
  assert.equal(await t.getAttribute('data-form-kind'), 'target_table');
  assert.equal(await e.getAttribute('data-form-kind'), 'project_self_evaluation');
  assert.doesNotMatch(await t.getAttribute('data-codes'), /X0/);
  assert.deepEqual((await e.getAttribute('data-codes')).split(' ').filter((c) => c.startsWith('X')), ['X001', 'X003']);
  // Opened, the self-evaluation lists them as findings like the rest.
  await e.click();
  assert.match(await page.getByTestId('viewing').textContent(), /长寿-自评表\.txt/);
  const cross = page.locator('[data-testid="diagnostic"][data-code^="X"]');
  assert.equal(await cross.count(), 2);
  const x003 = page.locator('[data-testid="diagnostic"][data-code="X003"]');
  assert.equal(await x003.getAttribute('data-line'), String(at['居民医保待遇发放准确率']));
  assert.match(await x003.textContent(), /≥90%/);
  assert.match(await x003.textContent(), /≥95%/);
  assert.match(await x003.textContent(), /长寿-目标表\.txt:36/);
  const x001 = page.locator('[data-testid="diagnostic"][data-code="X001"]');
  assert.match(await x001.textContent(), /医保基金有效节约/);
  assert.match(await x001.textContent(), /长寿-目标表\.txt:39/);
  // The target form taken off the desk: the self-evaluation has nothing to be held against.
  await t.getByTestId('queue-remove').click();
  assert.equal(await rows.count(), 1);
  assert.equal(await cross.count(), 0);
  await page.getByTestId('desk-restore').click();
  await rows.nth(1).click();
  assert.equal(await cross.count(), 2);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a folder is read for its form files; English desk', async () => {
  const { page, context, requests, errors } = await open();
  await page.getByTestId('lang').click();
  await page.getByTestId('folder').setInputFiles(fixtures);
  await page.getByTestId('message').filter({ hasText: 'Read 4 files' }).waitFor();
  const rows = page.getByTestId('queue-row');
  assert.equal(await rows.count(), 4 + 15 + 2 + 3);
  assert.match(await page.getByTestId('desk-count').textContent(), /4 documents, 24 rows, 24 shown/);
  assert.equal(await page.locator('[data-sort="errors"]').textContent(), 'Errors');
  assert.match(await rows.first().textContent(), /Target table|Department self-evaluation|Target declaration|Target approval/);
  // The keyboard alone: a row focused, the arrow keys move between rows, Enter opens. The
  // folder's first file by name (changshou-gbk.txt) has 4 forms; the 5th row is fushun.xlsx's.
  await page.locator('[data-sort="file"]').click();
  await rows.nth(0).focus();
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelectorAll('[data-testid=queue-row]')[4]), true);
  assert.match(await rows.nth(4).textContent(), /fushun\.xlsx/);
  await page.keyboard.press('Enter');
  assert.match(await page.getByTestId('viewing').textContent(), /fushun\.xlsx/);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});
