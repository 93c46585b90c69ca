// The example portal (www/portal, served from dist/portal with the widget beside it): two
// widgets under a hostile stylesheet, their events, readonly, and destroy().
// Run by scripts/test.sh after `trunk build --release`: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, stop, browser, base, offHost, seeds } from './harness.mjs';

before(start);
after(stop);

const changshou = readFileSync(join(seeds, 'changshou-target-table.txt'), 'utf8');

/** Opens the portal; every event the widgets send is kept in window.events. */
async function portal() {
  const context = await browser.newContext();
  // Timers the page starts and has not yet seen fire or cleared, for destroy()'s test.
  await context.addInitScript(() => {
    const pending = new Set();
    const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
    window.setTimeout = (f, ms, ...a) => {
      const id = st((...x) => { pending.delete(id); typeof f === 'function' && f(...x); }, ms, ...a);
      pending.add(id);
      return id;
    };
    window.clearTimeout = (id) => { pending.delete(id); ct(id); };
    window.setInterval = (f, ms, ...a) => { const id = si(f, ms, ...a); pending.add(id); return id; };
    window.clearInterval = (id) => { pending.delete(id); ci(id); };
    window.pendingTimers = () => pending.size;
    window.events = [];
    for (const type of ['jixiao-change', 'jixiao-checked']) {
      document.addEventListener(type, (e) => {
        const where = e.composedPath()[0];
        window.events.push({ type, at: where.id || where.parentElement?.id || '', detail: e.detail });
      });
    }
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1500, height: 1000 });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${base}portal/`);
  await page.locator('#submit').getByTestId('input').waitFor();
  await page.locator('#review').getByTestId('input').waitFor();
  return { page, context, requests, errors };
}

// The computed styles that a leaking host stylesheet would change.
const PROPS = ['font-family', 'font-size', 'color', 'line-height', 'letter-spacing', 'text-transform',
  'box-sizing', 'margin-top', 'padding-top', 'padding-left', 'border-top-width', 'border-top-style',
  'border-top-color', 'background-color', 'border-collapse', 'outline-style', 'width'];
const PARTS = ['.jx-frame', 'header.top', 'textarea', 'button', 'select', 'table.indicators',
  'table.indicators th', 'table.indicators td', 'article.form', 'li.diagnostic', '.cell'];

function styles(page, hostSelector) {
  return page.evaluate(({ hostSelector, PROPS, PARTS }) => {
    const host = document.querySelector(hostSelector);
    const root = host.shadowRoot ?? host.querySelector('[data-jixiao]').shadowRoot;
    const out = {};
    for (const sel of PARTS) {
      const el = root.querySelector(sel);
      if (!el) { out[sel] = null; continue; }
      const cs = getComputedStyle(el);
      out[sel] = Object.fromEntries(PROPS.map((p) => [p, cs.getPropertyValue(p)]));
    }
    return out;
  }, { hostSelector, PROPS, PARTS });
}

test('both widgets render, and the portal\'s hostile stylesheet changes nothing inside them', async () => {
  const { page, context, requests, errors } = await portal();
  await page.locator('#submit').evaluate((el, text) => { el.value = text; }, changshou);
  await page.click('#send');
  for (const at of ['#submit', '#review']) {
    assert.equal(await page.locator(at).getByTestId('form').count(), 4, at);
  }
  // The host's own elements do get the hostile rules (so the comparison below can fail).
  const hostTh = await page.locator('.portal-table th').first().evaluate((el) => getComputedStyle(el).fontFamily);
  assert.match(hostTh, /Comic Sans/);

  const withHostile = { submit: await styles(page, '#submit'), review: await styles(page, '#review') };
  for (const sel of PARTS) assert.ok(withHostile.submit[sel], `${sel} is in the widget`);
  assert.match(withHostile.submit['.jx-frame']['font-family'], /PingFang SC|YaHei|Noto Sans CJK/);
  assert.equal(withHostile.submit['.jx-frame']['font-size'], '16px');
  await page.evaluate(() => { document.querySelector('link[href="portal.css"]').sheet.disabled = true; });
  const without = { submit: await styles(page, '#submit'), review: await styles(page, '#review') };
  // Widths follow the portal's own layout (its grid); everything else must not move.
  for (const w of ['submit', 'review']) {
    for (const sel of PARTS) {
      const a = { ...withHostile[w][sel] }, b = { ...without[w][sel] };
      delete a.width; delete b.width;
      assert.deepEqual(a, b, `${w} ${sel}`);
    }
  }
  // And nothing of the widgets' stylesheet reaches the portal: an element of the portal with
  // the widget's class names keeps the browser's defaults.
  const leak = await page.evaluate(() => {
    const p = document.createElement('p');
    p.className = 'notice alert';
    const t = document.createElement('table');
    t.className = 'indicators';
    document.body.append(p, t);
    const r = [getComputedStyle(p).backgroundColor, getComputedStyle(t).borderCollapse, getComputedStyle(t).width];
    p.remove(); t.remove();
    return r;
  });
  assert.deepEqual(leak.slice(0, 2), ['rgba(0, 0, 0, 0)', 'separate']);

  // Theming: the documented custom properties on the element reach inside.
  await page.locator('#submit').evaluate((el) => {
    el.style.setProperty('--jx-surface', 'rgb(1, 2, 3)');
    el.style.setProperty('--jx-font', 'serif');
    el.style.setProperty('--jx-font-size', '20px');
  });
  const themed = await page.locator('#submit').evaluate((el) => {
    const frame = el.shadowRoot.querySelector('.jx-frame');
    const card = el.shadowRoot.querySelector('article.form');
    return [getComputedStyle(card).backgroundColor, getComputedStyle(frame).fontFamily, getComputedStyle(frame).fontSize];
  });
  assert.deepEqual(themed, ['rgb(1, 2, 3)', 'serif', '20px']);
  // The other widget keeps its own.
  const other = await page.locator('#review [data-jixiao]').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('article.form')).backgroundColor);
  assert.equal(other, 'rgb(255, 255, 255)');

  await page.screenshot({ path: join('target', 'portal.png') });
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('events carry the report; the host setting the text is not a change; readonly does not edit', async () => {
  const { page, context, requests, errors } = await portal();
  const events = () => page.evaluate(() => window.events);
  const clear = () => page.evaluate(() => { window.events = []; });

  // The host sets the text: checked, not changed. changshou's 4th form: 20 × 4 + 10 ≠ 100 (W001).
  await page.locator('#submit').evaluate((el, text) => { el.value = text; }, changshou);
  await page.locator('#submit').getByTestId('form').nth(3).waitFor();
  await page.waitForTimeout(100);
  let seen = await events();
  assert.ok(seen.some((e) => e.type === 'jixiao-checked' && e.at === 'submit' && e.detail.forms.length === 4));
  assert.ok(!seen.some((e) => e.type === 'jixiao-change'));
  const last = seen.filter((e) => e.at === 'submit').at(-1).detail;
  assert.ok(last.diagnostics.some((d) => d.code === 'W001' && d.form === 3));
  assert.equal(last.forms[0].indicators.length, 6);
  // The property and the handle's report say the same.
  const prop = await page.locator('#submit').evaluate((el) => el.report);
  assert.deepEqual(prop, last);
  assert.equal(await page.locator('#submit').evaluate((el) => el.value), changshou);

  // The user edits a cell: a change, with the edited report.
  await clear();
  const form = page.locator('#submit').getByTestId('form').nth(3);
  await form.getByTestId('indicator').first().locator('[data-testid="cell"][data-field="weight_current"]').dblclick();
  await page.locator('#submit').getByTestId('cell-input').fill('30');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  seen = await events();
  const change = seen.find((e) => e.type === 'jixiao-change' && e.at === 'submit');
  assert.ok(change, 'jixiao-change after an edit');
  assert.equal(change.detail.forms[3].indicators[0].weight_current, 30);
  assert.ok(!change.detail.diagnostics.some((d) => d.code === 'W001' && d.form === 3));
  assert.ok(seen.some((e) => e.type === 'jixiao-checked' && e.at === 'submit'));
  assert.ok(!seen.some((e) => e.at === 'review'), 'the other widget heard nothing');

  // Typing in the text area is a change too.
  await clear();
  await page.locator('#submit').getByTestId('input').evaluate((area) => {
    area.value = '';
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
  });
  await page.waitForTimeout(100);
  seen = await events();
  assert.ok(seen.some((e) => e.type === 'jixiao-change' && e.at === 'submit' && e.detail.forms.length === 0));

  // The review widget: read-only, in English, under 20 + 80.
  await page.locator('#submit').evaluate((el, text) => { el.value = text; }, changshou);
  await page.click('#send');
  const review = page.locator('#review');
  await review.getByTestId('form').nth(3).waitFor();
  assert.equal(await review.getByTestId('input').evaluate((a) => a.readOnly), true);
  assert.equal(await review.getByTestId('file').isVisible(), false);
  assert.equal(await review.getByTestId('add-indicator').first().isVisible(), false);
  await review.getByTestId('form').first().getByTestId('indicator').first().locator('[data-testid="cell"][data-field="name"]').dblclick();
  assert.equal(await review.getByTestId('cell-input').count(), 0, 'no editing in readonly');
  assert.match(await review.getByTestId('summary').textContent(), /^4 forms/);
  assert.equal(await review.getByTestId('profile').inputValue(), '20+80');
  // Attributes change a live element: English, then readonly.
  await page.locator('#submit').evaluate((el) => { el.setAttribute('lang', 'en'); el.setAttribute('readonly', ''); });
  await page.waitForTimeout(50);
  assert.match(await page.locator('#submit').getByTestId('summary').textContent(), /^4 forms/);
  assert.equal(await page.locator('#submit').getByTestId('input').evaluate((a) => a.readOnly), true);

  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('destroy() leaves no element, listener, timer or stored key behind', async () => {
  const { page, context, requests, errors } = await portal();
  // The listeners on window and document that the portal's own scripts (the widget among
  // them) added, not Playwright's.
  const cdp = await context.newCDPSession(page);
  const urls = new Map();
  cdp.on('Debugger.scriptParsed', (s) => urls.set(s.scriptId, s.url));
  await cdp.send('Debugger.enable');
  const listeners = async () => {
    const out = {};
    for (const what of ['window', 'document', "document.getElementById('extra')", "document.getElementById('filter')"]) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: what });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      out[what] = listeners
        .filter((l) => (urls.get(l.scriptId) ?? '').startsWith(base))
        .map((l) => `${l.type} ${urls.get(l.scriptId).slice(base.length)}`)
        .sort();
    }
    return out;
  };
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.id = 'extra';
    document.body.append(div);
  });
  const before = await listeners();
  // (The portal's own listener on its filter box is seen: the count is of something.)
  assert.deepEqual(before["document.getElementById('filter')"], ['input portal/portal.js']);
  const storage = await page.evaluate(() => localStorage.length);
  await page.evaluate((text) => {
    window.extra = window.jixiaoPortal.mount(document.getElementById('extra'), { lang: 'zh', value: text });
  }, changshou);
  await page.locator('#extra').getByTestId('form').nth(3).waitFor();
  // Used a little: a finding shown (its flash), an edit, undo. (Through the DOM, not
  // Playwright's clicks, which put listeners of their own on the window for a while.)
  const extra = page.locator('#extra');
  await extra.locator('[data-testid="diagnostic"][data-code="W001"] button.jump').first().evaluate((b) => b.click());
  await extra.getByTestId('form').nth(3).getByTestId('indicator').first()
    .locator('[data-testid="cell"][data-field="weight_current"]')
    .evaluate((c) => c.dispatchEvent(new MouseEvent('dblclick', { bubbles: true })));
  await extra.getByTestId('cell-input').evaluate((i) => {
    i.value = '30';
    i.dispatchEvent(new Event('input', { bubbles: true }));
    i.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  });
  assert.equal(await extra.locator('[data-testid="diagnostic"][data-code="W001"]').count(), 0);
  await extra.getByTestId('undo').evaluate((b) => b.click());
  assert.equal(await extra.locator('[data-testid="diagnostic"][data-code="W001"]').count(), 1);
  await page.waitForTimeout(300);

  await page.evaluate(() => window.extra.destroy());
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#extra').evaluate((el) => el.childNodes.length), 0);
  assert.deepEqual(await listeners(), before);
  assert.equal(await page.evaluate(() => window.pendingTimers()), 0);
  assert.equal(await page.evaluate(() => localStorage.length), storage);
  // The handle does nothing once destroyed; the portal's own widgets still work.
  assert.equal(await page.evaluate(() => window.extra.report()), null);
  await page.locator('#submit').evaluate((el, text) => { el.value = text; }, changshou);
  assert.equal(await page.locator('#submit').getByTestId('form').count(), 4);

  // The portal's buttons: destroy and mount again.
  await page.click('#destroy');
  assert.equal(await page.locator('#review').evaluate((el) => el.childNodes.length), 0);
  await page.click('#remount');
  await page.locator('#review').getByTestId('form').nth(3).waitFor();

  // A removed element takes its editor with it.
  await page.locator('#submit').evaluate((el) => el.remove());
  await page.waitForTimeout(100);
  assert.deepEqual(offHost(requests), []);
  assert.deepEqual(errors, []);
  await context.close();
});
