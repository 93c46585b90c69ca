// End to end: serves dist/ on 127.0.0.1, opens it in Debian's headless Chromium, pastes the
// seeds and checks what a reviewer sees. Also records every request: none may leave 127.0.0.1.
//
// Run by scripts/test.sh after `trunk build --release`: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, seeds, start, stop, open, paste, offHost } from './harness.mjs';

before(start);
after(stop);

test('pasting the changshou seed shows 4 forms and 22 indicators, and nothing leaves 127.0.0.1', async () => {
  const { page, context, requests, errors } = await open();
  // With no input the page explains itself and offers the four seeds.
  await page.getByTestId('intro').waitFor();
  assert.equal(await page.getByTestId('example').count(), 4);

  const text = await readFile(join(seeds, 'changshou-target-table.txt'), 'utf8');
  await paste(page, text);
  await page.getByTestId('form').first().waitFor();
  assert.equal(await page.getByTestId('form').count(), 4);
  assert.equal(await page.getByTestId('indicator').count(), 22);

  // Project names, targets and weights, as read by hand from the seed.
  const forms = page.getByTestId('form');
  await assert.doesNotReject(forms.nth(0).getByText('医保服务与保障能力提升(医保服务能力提升)').first().waitFor());
  await assert.doesNotReject(forms.nth(3).getByText('定点医疗机构医保基金使用情况财务专项审计').first().waitFor());
  const last = forms.nth(3).getByTestId('indicator').last();
  const cells = await last.locator('td').allTextContents();
  assert.ok(cells.includes('抽查居民就诊满意度'), cells.join('|'));
  assert.ok(cells.includes('90'), cells.join('|'));       // target
  assert.ok(cells.includes('≥ 90 %'), cells.join('|'));   // read as
  assert.ok(cells.includes('25') && cells.includes('20'), cells.join('|')); // 权重 25, 本年权重 20

  // The header typo 本权重(%) in form 2 is reported, and so are its missing 项目总额 and the 4th
  // form's 本年权重 that add up to 80 (+10 = 90).
  assert.equal(await forms.nth(1).locator('[data-testid="diagnostic"][data-code="P004"]').count(), 1);
  assert.equal(await forms.nth(1).locator('[data-testid="diagnostic"][data-code="F001"]').count(), 1);
  const w001 = forms.nth(3).locator('[data-testid="diagnostic"][data-code="W001"]');
  assert.equal(await w001.count(), 1);
  assert.match(await w001.textContent(), /80.*10.*90/);
  // With the five bare 定性 codes (V009) and 可持续发展指标 read as 可持续影响指标 (S007), nine.
  assert.equal(await page.getByTestId('diagnostic').count(), 9);

  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each example loads its seed and shows every form and indicator of it', async () => {
  const { page, context, requests, errors } = await open();
  // Counts read by hand from the seeds (tests/fixtures/gold/*.expected.json).
  const expected = {
    'changshou-target-table': [4, 22],
    'luan-2021-target-declaration': [2, 46],
    'yanchi-2022-target-approval': [3, 49],
    'fushun-2021-self-evaluation': [15, 33],
  };
  for (const [stem, [forms, indicators]] of Object.entries(expected)) {
    await page.locator(`[data-example="${stem}"]`).click();
    const seed = await readFile(join(seeds, `${stem}.txt`), 'utf8');
    assert.equal(await page.getByTestId('input').inputValue(), seed.replace(/\r\n?/g, '\n'));
    assert.equal(await page.getByTestId('form').count(), forms, `${stem} forms`);
    assert.equal(await page.getByTestId('indicator').count(), indicators, `${stem} indicators`);
  }
  assert.equal(await page.locator('[data-kind="fragment"]').count(), 11);
  // The fushun forms state their scores; the page computes them beside: 90 + 10 × 222.57 /
  // 726.39 = 93.06 for the second project form (stated 93), 优.
  const project = page.locator('[data-kind="project_self_evaluation"]').nth(1);
  assert.equal(await project.getByTestId('score-total').textContent(), '93.06');
  assert.equal(await project.getByTestId('grade').textContent(), '优');

  // Autosave: the last text is there after a reload.
  await page.reload();
  await page.getByTestId('input').waitFor();
  assert.match(await page.getByTestId('input').inputValue(), /抚顺市医疗保障局整体绩效自评表/);

  // Clearing can be undone.
  await page.getByTestId('clear').click();
  assert.equal(await page.getByTestId('input').inputValue(), '');
  await page.getByTestId('intro').waitFor();
  await page.getByTestId('undo').click();
  assert.match(await page.getByTestId('input').inputValue(), /抚顺市医疗保障局整体绩效自评表/);

  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page shows the same diagnostics as `jixiao check` for every seed', async () => {
  const { page, context, errors } = await open();
  const cli = join(root, 'target', 'debug', 'jixiao');
  for (const stem of ['changshou-target-table', 'luan-2021-target-declaration', 'yanchi-2022-target-approval', 'fushun-2021-self-evaluation']) {
    const seed = join(seeds, `${stem}.txt`);
    let out;
    try {
      out = execFileSync(cli, ['check', '--json', seed]);
    } catch (e) {
      out = e.stdout; // exit status 1 when the seed has errors; the report is printed all the same
    }
    const want = JSON.parse(out.toString())[0].report.diagnostics.map((d) => `${d.code}@${d.lines[0]}`).sort();
    await page.locator(`[data-example="${stem}"]`).click();
    const got = (await page.getByTestId('diagnostic').evaluateAll((els) =>
      els.map((e) => `${e.dataset.code}@${e.dataset.line}`))).sort();
    assert.deepEqual(got, want, stem);
    assert.ok(want.length > 0, `${stem} has findings`);
  }
  // Another scoring profile (20 + 80): the fushun forms' 90 points of indicators are now 10
  // too many (E004 on the forms that carry 90), and the page says so.
  await page.locator('[data-example="fushun-2021-self-evaluation"]').click();
  const e004Before = await page.locator('[data-testid="diagnostic"][data-code="E004"]').count();
  await page.getByTestId('profile').selectOption('20+80');
  assert.equal(await page.locator('[data-testid="diagnostic"][data-code="E004"]').count(), e004Before + 3);
  await page.getByTestId('profile').selectOption('10+90');
  // The target quality score is this tool's own rubric and says so: changshou's 4th form loses
  // 10 for W001 and 2 for each of its two bare 定性 codes.
  await page.locator('[data-example="changshou-target-table"]').click();
  const fourth = page.getByTestId('form').nth(3);
  assert.equal(await fourth.getByTestId('quality-score').textContent(), '86');
  assert.match(await fourth.getByTestId('quality').textContent(), /非官方/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the report downloads as JSON, and the forms as table text that reads back the same', async () => {
  const { page, context, requests, errors } = await open();
  await page.locator('[data-example="changshou-target-table"]').click();
  const save = async (testid) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    return readFile(await download.path(), 'utf8');
  };
  const report = JSON.parse(await save('export-json'));
  assert.equal(report.forms.length, 4);
  assert.equal(report.forms.reduce((n, f) => n + f.indicators.length, 0), 22);
  assert.equal(report.forms[3].project, '定点医疗机构医保基金使用情况财务专项审计');
  const tsv = await save('export-tsv');
  assert.match(tsv, /\t/);
  // Pasting the exported text back gives the same forms and indicators.
  await paste(page, tsv);
  assert.equal(await page.getByTestId('form').count(), 4);
  assert.equal(await page.getByTestId('indicator').count(), 22);
  assert.deepEqual(offHost(requests).filter((u) => !u.startsWith('blob:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('text with no form gets a clear message, not a blank page', async () => {
  const { page, context, errors } = await open();
  await paste(page, '这是一段与绩效无关的文字。\n第二行。');
  const d = page.locator('[data-testid="diagnostic"][data-code="P001"]');
  await d.waitFor();
  assert.match(await d.textContent(), /未识别出绩效表/);
  assert.equal(await page.getByTestId('form').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the English switch translates the page', async () => {
  const { page, context } = await open();
  await page.getByTestId('lang').click();
  await page.getByText('Paste a performance form').first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await context.close();
});
