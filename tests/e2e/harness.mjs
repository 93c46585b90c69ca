// The end-to-end tests' harness: serves dist/ on 127.0.0.1 and drives Debian's headless
// Chromium with playwright-core. Every request and page error is recorded.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(join(root, 'scripts', 'package.json'));
const { chromium } = require('playwright-core');

const dist = join(root, 'dist');
export const seeds = join(root, 'tests', 'fixtures', 'seeds');
export const STEMS = [
  'changshou-target-table',
  'luan-2021-target-declaration',
  'yanchi-2022-target-approval',
  'fushun-2021-self-evaluation',
];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

let server;
export let base;
export let browser;

export async function start() {
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    const file = normalize(join(dist, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  const executablePath = process.env.CHROMIUM ?? execFileSync('sh', ['-c', 'command -v chromium']).toString().trim();
  browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function stop() {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
}

/** Opens the page in a fresh context; returns the page, the requested URLs, page errors and
 * console errors. */
export async function open(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(base);
  await page.getByTestId('input').waitFor();
  return { page, context, requests, errors };
}

/** Puts text into the paste area the way a paste does: one input event of type
 * `insertFromPaste` (typing, unlike a paste, is re-read only once it pauses). */
export async function paste(page, text) {
  await page.getByTestId('input').evaluate((area, text) => {
    area.focus();
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Requests that went anywhere but the page's own server. */
export function offHost(requests) {
  return requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Clicks a button that downloads a file; returns the file's bytes. */
export async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFile(await d.path());
}

/** Edits a cell the way a user does: a double click, the new value typed, Enter. */
export async function editCell(page, cell, value) {
  await cell.dblclick();
  await page.getByTestId('cell-input').fill(value);
  await page.keyboard.press('Enter');
}

/** The 4th changshou form on the page (定点医疗机构医保基金使用情况财务专项审计): its W001
 * finding (本年权重 20 × 4 + 预算执行率权重 10 = 90) and its first indicator's 本年权重 cell. */
export function changshouFourth(page) {
  const form = page.getByTestId('form').nth(3);
  const w001 = form.locator('[data-testid="diagnostic"][data-code="W001"]');
  const cell = form.getByTestId('indicator').first().locator('[data-testid="cell"][data-field="weight_current"]');
  return { form, w001, cell };
}
