// Opens `vouch report` for the bundled example in headless Chromium (Debian's package,
// /usr/bin/chromium; override with CHROMIUM=path) and checks what a council member sees:
// the ledger rows, verdict counts equal to `vouch claims --format json`, the filter, the
// charts, and that the page asks the network for nothing. Saves a screenshot to
// target/report-screenshot.png. Skipped, with a message, when Chromium is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(chromium);
if (!haveChromium) {
  console.log(`# browser tests skipped: no Chromium at ${chromium} (apt-get install -y chromium; .ci/run installs it)`);
}

function vouch(args) {
  const r = spawnSync('cargo', ['run', '--quiet', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return r;
}

function claimCounts(example) {
  const r = vouch(['claims', example, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, `vouch claims exited ${r.status}: ${r.stderr}`);
  const counts = { supported: 0, unsupported: 0, qualified: 0, unverifiable: 0 };
  for (const c of JSON.parse(r.stdout).claims) counts[c.verdict] += 1;
  return counts;
}

async function withPage(file, fn) {
  const { chromium: pw } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'vouch-chromium-'));
  const context = await pw.launchPersistentContext(profile, {
    executablePath: chromium,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  const requests = [];
  const cspViolations = [];
  const errors = [];
  context.on('request', (req) => requests.push(req.url()));
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await fn(page);
    await page.waitForTimeout(200);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return { requests, cspViolations, errors };
}

test('HTML report in headless Chromium: rows, counts, filter, no network', { skip: !haveChromium }, async () => {
  const example = 'examples/carebridge';
  const outDir = join(root, 'target');
  mkdirSync(outDir, { recursive: true });
  const html = join(outDir, 'report-browser-test.html');
  const r = vouch(['report', example, '--format', 'html', '-o', html]);
  assert.equal(r.status, 0, `vouch report exited ${r.status}: ${r.stderr}`);
  const expected = claimCounts(example);
  const total = Object.values(expected).reduce((a, b) => a + b, 0);

  // Static check: nothing in the file points outside it.
  const text = readFileSync(html, 'utf8');
  assert.match(text, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(text, /\s(src|href|action|poster|srcset)\s*=\s*["']?\s*(https?:)?\/\//i);
  assert.doesNotMatch(text, /@import|url\(\s*["']?(https?:)?\/\//i);

  const seen = await withPage(html, async (page) => {
    // The headline counts and the ledger rows agree with `vouch claims`.
    const headline = await page.$$eval('[data-count]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-count'), +e.textContent])),
    );
    assert.equal(headline.total, total);
    for (const [v, n] of Object.entries(expected)) assert.equal(headline[v], n, `headline ${v}`);

    const rows = await page.$$eval('#ledger-table tr.promise', (trs) =>
      trs.map((tr) => ({ verdict: tr.dataset.verdict, places: +tr.dataset.places })),
    );
    assert.ok(rows.length > 0, 'ledger has rows');
    assert.ok(rows.length < total, 'duplicates are grouped into one row');
    const byVerdict = { supported: 0, unsupported: 0, qualified: 0, unverifiable: 0 };
    for (const row of rows) byVerdict[row.verdict] += row.places;
    assert.deepEqual(byVerdict, expected, 'places per verdict in the ledger = vouch claims');

    // Broken promises lead every capability group.
    const firstVerdicts = await page.$$eval('#ledger-table tbody.group', (gs) =>
      gs.map((g) => [...g.querySelectorAll('tr.promise')].map((r) => r.dataset.verdict)),
    );
    for (const vs of firstVerdicts) {
      const firstKept = vs.indexOf('supported');
      if (firstKept >= 0) assert.ok(!vs.slice(firstKept).includes('unsupported'), 'broken first');
    }

    // The charts render as SVG bars with a size.
    for (const id of ['#chart-audience', '#chart-category', '#chart-capacity']) {
      const bars = await page.$$eval(`${id} svg rect`, (rs) =>
        rs.map((r) => r.getBoundingClientRect().width),
      );
      assert.ok(bars.length > 0 && bars.every((w) => w > 0), `${id} has bars`);
    }
    // The sections are there, each dated.
    for (const id of ['#ledger', '#audiences', '#never-promised', '#capacity']) {
      const asof = await page.$eval(`${id} .asof`, (e) => e.textContent);
      assert.match(asof, /declared by patient services on 2026-09-15/);
    }

    await page.screenshot({ path: join(outDir, 'report-screenshot.png'), fullPage: false });
    assert.ok(existsSync(join(outDir, 'report-screenshot.png')));
    // The ledger and the later sections, for a person to look at.
    await page.locator('#ledger').screenshot({ path: join(outDir, 'report-ledger.png') });
    await page.locator('#capacity').screenshot({ path: join(outDir, 'report-capacity.png') });
    await page.locator('#audiences').screenshot({ path: join(outDir, 'report-audiences.png') });

    // The script enabled the controls; filtering to broken hides every other row.
    assert.equal(await page.isVisible('#controls'), true);
    await page.selectOption('#f-verdict', 'unsupported');
    const visible = await page.$$eval('#ledger-table tr.promise', (trs) =>
      trs.filter((tr) => tr.offsetParent !== null).map((tr) => tr.dataset.verdict),
    );
    assert.ok(visible.length > 0 && visible.length < rows.length, 'filter hides rows');
    assert.ok(visible.every((v) => v === 'unsupported'), 'only broken rows remain');
    const brokenRows = rows.filter((r) => r.verdict === 'unsupported').length;
    assert.equal(visible.length, brokenRows);
    assert.match(await page.textContent('#shown'), new RegExp(`^${brokenRows} of ${rows.length} promises shown \\(${expected.unsupported} places\\)`));

    // Text filter, then reset.
    await page.selectOption('#f-verdict', '');
    await page.fill('#f-text', 'dedicated nurse');
    const hits = await page.$$eval('#ledger-table tr.promise', (trs) => trs.filter((tr) => tr.offsetParent !== null).length);
    assert.ok(hits >= 1 && hits < rows.length);
    await page.click('#f-reset');
    const all = await page.$$eval('#ledger-table tr.promise', (trs) => trs.filter((tr) => tr.offsetParent !== null).length);
    assert.equal(all, rows.length);

    // Sorting by places keeps every row.
    await page.click('th[data-sort="places"]');
    await page.click('th[data-sort="places"]');
    assert.equal(await page.$$eval('#ledger-table tr.promise', (t) => t.length), rows.length);
    assert.equal(await page.getAttribute('th[data-sort="places"]', 'aria-sort'), 'descending');
    const firstPlaces = await page.$$eval('#ledger-table tbody.group', (gs) =>
      gs.map((g) => [...g.querySelectorAll('tr.promise')].map((r) => +r.dataset.places)),
    );
    for (const ps of firstPlaces) assert.deepEqual(ps, [...ps].sort((a, b) => b - a), 'sorted by places');

    // Printed, every table's repeated header carries the manifest's date (a running line
    // on every page a table spans); on screen that row is hidden.
    assert.equal(await page.isVisible('#ledger-table thead tr.print-asof'), false);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.$$eval('table thead tr.print-asof', (trs) =>
      trs.map((tr) => getComputedStyle(tr).display + ' ' + tr.textContent),
    );
    assert.ok(printed.length >= 5, 'every table has the dated header row');
    for (const p of printed) assert.match(p, /^table-row Delivery as declared by patient services on 2026-09-15/);
    // Badges keep their colours on paper.
    assert.equal(await page.$eval('.badge', (e) => getComputedStyle(e).printColorAdjust), 'exact');
    await page.pdf({ path: join(outDir, 'report.pdf'), format: 'A4' });
    assert.ok(readFileSync(join(outDir, 'report.pdf')).length > 10000, 'prints to PDF');
  });
  const outside = seen.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(outside, [], 'the report made network requests');
  assert.equal(seen.requests.length, 1, `only the file itself is loaded: ${seen.requests.join(', ')}`);
  assert.deepEqual(seen.cspViolations, []);
  assert.deepEqual(seen.errors, []);
});

test('HTML report without JavaScript is a plain, complete table', { skip: !haveChromium }, async () => {
  const html = join(root, 'target', 'report-browser-test.html');
  if (!existsSync(html)) {
    const r = vouch(['report', 'examples/carebridge', '-o', html]);
    assert.equal(r.status, 0);
  }
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href);
    assert.equal(await page.isVisible('#controls'), false, 'controls stay hidden without JS');
    const visible = await page.$$eval('#ledger-table tr.promise', (trs) => trs.filter((tr) => tr.offsetParent !== null).length);
    const all = await page.$$eval('#ledger-table tr.promise', (trs) => trs.length);
    assert.equal(visible, all);
  } finally {
    await browser.close();
  }
});

test('copy cannot inject HTML into the report', { skip: !haveChromium }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-inject-'));
  const copy = join(dir, 'copy');
  mkdirSync(copy);
  execFileSync('cp', [join(root, 'examples/carebridge/psp.toml'), join(dir, 'psp.toml')]);
  const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
  execFileSync('bash', ['-c', `cat > ${copy}/evil.txt`], {
    input: `Call CareBridge nurses 24/7 "><img src=x onerror=window.__pwned=3> at 1-844-555-2273. ${evil}\n`,
  });
  const html = join(dir, 'report.html');
  const r = vouch(['report', dir, '--manifest', join(dir, 'psp.toml'), '-o', html]);
  assert.equal(r.status, 0, r.stderr);
  const seen = await withPage(html, async (page) => {
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('img', (i) => i.length), 0);
  });
  assert.deepEqual(seen.requests.filter((u) => !u.startsWith('file:')), []);
  rmSync(dir, { recursive: true, force: true });
});
