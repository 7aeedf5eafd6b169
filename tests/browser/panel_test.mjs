// The web panel in a real browser (Debian's headless Chromium through puppeteer-core),
// as an official uses it from the DMS menu: open a signed link, set the period, run,
// watch the bar reach 100 %, download the PDF; cancel a run; a tampered link is
// refused. axe-core checks every state for accessibility violations. Screenshots of
// each state are written to the folder given as the second argument.
//
// usage: node panel_test.mjs SERVICE_PROGRAM SCREENSHOT_DIR
//          the stand-in of the plugin (tests/fakes/service_fake_host.cpp): fast, no office
//        node panel_test.mjs --real COMMITTEE_REPORT REFERENCE_REGISTRY SCREENSHOT_DIR
//          the real `committee-report serve` with the real library, LibreOffice and a
//          freshly seeded reference registry: the PDF must be PDF/A-2 and be in the registry
// Prints "figure: ..." lines (launch link to first paint) for tests/bench/RESULTS.md.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const real = process.argv[2] === '--real';
const [program, registryProgram, screenshots] = real
  ? process.argv.slice(3) : [process.argv[2], null, process.argv[3]];
const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let failures = 0;

function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures += 1;
}

// What a DMS does to make a panel link (the 5-line signing example of the README).
function signedLink(base, secret, params) {
  const query = Object.keys(params).sort()
    .map((k) => k + '=' + encodeURIComponent(params[k]).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
    .join('&');
  const signature = createHmac('sha256', secret).update(query).digest('hex');
  return base + '/panel?' + query + '&signature=' + signature;
}

const work = mkdtempSync(join(tmpdir(), 'committee-report-browser-'));
const secret = 'browser-test-launch-secret-0123456789abcdef';
writeFileSync(join(work, 'tokens'), 'dms browser-test-token-0123456789\n', { mode: 0o600 });
writeFileSync(join(work, 'secret'), secret + '\n', { mode: 0o600 });

// The first line a child prints on stdout (both the service and the registry print their
// base URL there when ready).
function firstLine(child, what) {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0].trim());
    });
    child.on('exit', (code) => reject(new Error(what + ' exited with ' + code)));
  });
}

// The real run needs a registry: the reference registry, seeded afresh, as the C++ tests use it.
let registry = null;
let registryBlock = '';
const database = join(work, 'registry.db');
if (real) {
  execFileSync(registryProgram, ['seed', '--db', database, '--scale', '1', '--seed', '1']);
  registry = spawn(registryProgram, ['serve', '--db', database, '--port', '0', '--test-mode',
    '--shuffle-lists', '--parent-pid', String(process.pid)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const registryUrl = await firstLine(registry, 'reference-registry');
  writeFileSync(join(work, 'registry-token'), 'ekbacka-demo-write\n', { mode: 0o600 });
  registryBlock = `<registry><base-url>${registryUrl}</base-url><token-file>${work}/registry-token</token-file></registry>`;
}
const registryCount = (sql) => Number(execFileSync('sqlite3', [database, sql]).toString().trim());

const config = join(work, 'committee-report.xml');
// The real run's service knows the DMS's page for an entry; the stand-in's does not, so
// both ways the panel shows the entry are seen.
const entryLink = 'https://dms.example/handling/{id}?fran=nämndrapport';
mkdirSync(join(work, 'out'));
{
  writeFileSync(config, `<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:x-committee-report:configuration:1">
  <templates>${sourceDir}/templates</templates>
  <output>${work}/out</output>
  <log file="${work}/log/committee-report.log"/>
  <office>${real ? `<work-directory>${work}/office</work-directory><processes>1</processes>` : ''}</office>
  ${registryBlock}
  <service>
    <listen>127.0.0.1:0</listen>
    <client-token-file>${work}/tokens</client-token-file>
    <launch-secret-file>${work}/secret</launch-secret-file>
    ${real ? `<entry-link>${entryLink}</entry-link>` : ''}
  </service>
</configuration>
`);
}
mkdirSync(screenshots, { recursive: true });

const host = spawn(program, real ? ['--config', config, 'serve', '--listen', '127.0.0.1:0'] : [config], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, CR_FAKE_STEP_MS: '250' },
});
const base = await firstLine(host, 'the service');
check(/^http:\/\/127\.0\.0\.1:\d+$/.test(base), 'the service prints its base URL first: ' + base);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-dev-shm-usage', '--no-first-run', '--lang=sv-SE'],
});

async function axe(page, state) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document));
  const summary = result.violations.map((v) => v.id + ' (' + v.nodes.length + ')').join(', ');
  check(result.violations.length === 0, 'axe-core: no violations in ' + state + (summary ? ': ' + summary : ''));
}

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, name + '.png'), fullPage: true });
}

const grant = { action: 'skapa-tjansteskrivelse', case: '2024SOCN33', user: 'u-browser', roles: 'handlaggare' };
const expires = () => String(Math.floor(Date.now() / 1000) + 120);

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(real ? 180000 : 30000);
  await page.setBypassCSP(true);  // lets the test inject axe-core; the page itself needs no such thing

  // 1. Open the signed link: the form, built from the descriptor.
  const link = signedLink(base, secret, { ...grant, expires: expires() });
  const clicked = Date.now();
  const opened = await page.goto(link);
  check(opened.status() === 200 && page.url().includes('/panel/s/'), 'the signed link opens the panel session');
  await page.waitForSelector('#form:not([hidden])');
  const formShown = Date.now() - clicked;
  // Launch link to first paint: the browser's own paint timing, measured from the start of
  // the navigation to the signed link (the 303 to the session page is part of it).
  const paint = await page.evaluate(() => {
    const entry = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')
      || performance.getEntriesByType('paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return { paint: entry ? entry.startTime : -1, redirect: nav ? nav.redirectEnd - nav.redirectStart : -1,
      load: nav ? nav.loadEventEnd : -1 };
  });
  console.log(`figure: launch link to first contentful paint ${paint.paint.toFixed(0)} ms ` +
    `(redirect ${paint.redirect.toFixed(0)} ms, load event ${paint.load.toFixed(0)} ms, ` +
    `form filled from the descriptor ${formShown} ms after the click, ${real ? 'real library' : 'stand-in'})`);
  check(paint.paint > 0, 'the browser reports a first paint');
  check((await page.$eval('h1', (e) => e.textContent)) === 'Skapa tjänsteskrivelse', 'the Swedish label is the heading');
  check((await page.$eval('#subject', (e) => e.textContent)) === 'Ärende 2024SOCN33', 'the case is shown');
  check(await page.$eval('#p-from', (e) => e.type === 'date' && document.activeElement === e), 'the first field is a date picker with focus');
  check((await page.$eval('label[for="p-from"]', (e) => e.textContent)).startsWith('Från och med'), 'fields are labelled');
  await axe(page, 'the form');
  await shot(page, '1-form');

  // A period that ends before it starts is caught before anything is sent.
  await page.$eval('#p-from', (e) => { e.value = '2024-04-30'; });
  await page.$eval('#p-to', (e) => { e.value = '2022-01-01'; });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('p-to-error').textContent !== '');
  check(await page.$eval('#p-to', (e) => e.getAttribute('aria-invalid') === 'true' && document.activeElement === e),
    'a wrong period is marked and focused');
  await axe(page, 'the form with a validation message');
  await shot(page, '2-validation');

  // 2. Set the period and run from the keyboard; record every value the bar takes.
  await page.$eval('#p-from', (e) => { e.value = '2022-01-01'; });
  await page.$eval('#p-to', (e) => { e.value = '2024-04-30'; });
  await page.evaluate(() => {
    window.barValues = [];
    new MutationObserver(() => window.barValues.push(document.getElementById('bar').value))
      .observe(document.getElementById('bar'), { attributes: true });
  });
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('bar').value > 0 && document.getElementById('bar').value < 100);
  check(await page.$eval('#status', (e) => e.getAttribute('aria-live') === 'polite' && e.textContent.includes('%')),
    'progress is announced in an aria-live region');
  await axe(page, 'a running run');
  await shot(page, '3-running');
  await page.waitForSelector('#result:not([hidden])');
  const values = await page.evaluate(() => window.barValues);
  check(values.at(-1) === 100, 'the bar reaches 100 % (values seen: ' + [...new Set(values)].join(', ') + ')');
  check(new Set(values.filter((v) => v > 0 && v < 100)).size >= 2, 'the bar moves through the steps');
  check((await page.$eval('#result-heading', (e) => e.textContent)) === 'Klart', 'the result says Klart');
  // The registry entry: a link to the DMS's page for it (real, <entry-link> configured),
  // or its id with what to do (stand-in, none configured).
  if (real) {
    const entryId = execFileSync('sqlite3', [database,
      "SELECT id FROM handling WHERE extern_referens = 'committee-report:2024SOCN33:hot-och-desinformation:1'"])
      .toString().trim();
    const entry = await page.$eval('#entry-link', (e) => ({ href: e.href, text: e.textContent, target: e.target }))
      .catch(() => null);
    check(entry !== null && entryId !== '' &&
      entry.href === new URL(entryLink.replace('{id}', encodeURIComponent(entryId))).href,
    'the result links the registry entry to the DMS page (' + (entry && entry.href) + ', entry ' + entryId + ')');
    check(entry !== null && entry.text.includes('Öppna handlingen i diariet') && entry.text.includes('ny flik'),
      'the entry link says where it leads and that it opens a new tab');
  } else {
    check(await page.$('#entry-link') === null, 'no entry link when the service has no <entry-link>');
    const text = await page.$eval('#result-entry', (e) => e.textContent);
    check(text.includes('Handlingen finns i diariet med id fake-entry-1.') && text.includes('entry-link'),
      'without a link the panel shows the entry id and what to ask the administrator for (' + text + ')');
  }
  await axe(page, 'the result');
  await shot(page, '4-result');

  // 3. Download the PDF the run made.
  const href = await page.$eval('#result-files a[href$=".pdf"]', (e) => e.getAttribute('href'));
  const pdf = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { status: response.status, type: response.headers.get('Content-Type'), base64: btoa(binary) };
  }, href);
  pdf.bytes = Buffer.from(pdf.base64, 'base64');
  pdf.text = pdf.bytes.toString('latin1');
  check(pdf.status === 200 && pdf.type === 'application/pdf' && pdf.text.startsWith('%PDF'), 'the PDF downloads');
  if (real) {
    // As a reader checks it: the XMP packet (pdfinfo -meta) says PDF/A-2, the text reads.
    const saved = join(work, 'downloaded.pdf');
    writeFileSync(saved, pdf.bytes);
    const meta = execFileSync('pdfinfo', ['-meta', saved]).toString();
    check(meta.includes('<pdfaid:part>2</pdfaid:part>'), 'the PDF is PDF/A-2 (pdfaid:part 2 in its XMP)');
    check(execFileSync('pdftotext', [saved, '-']).toString().includes('Förslag till beslut'), 'the PDF is the report');
    const sha = execFileSync('sha256sum', [saved]).toString().slice(0, 64);
    check(registryCount(`SELECT COUNT(*) FROM dokument WHERE checksumma = '${sha}'`) === 1,
      'the registry holds exactly the PDF the panel offered');
    check(registryCount("SELECT COUNT(*) FROM handling WHERE extern_referens = 'committee-report:2024SOCN33:hot-och-desinformation:1'") === 1,
      'the registry has the entry');
    const audit = readFileSync(join(work, 'log', 'audit.jsonl'), 'utf8');
    check(audit.includes('"client":"panel"') && audit.includes('"user":"u-browser"'),
      'the audit log names the panel and the user of the link');
  }

  // 4. Cancel a run.
  const second = await browser.newPage();
  await second.setBypassCSP(true);
  await second.goto(signedLink(base, secret, { ...grant, expires: expires() }));
  await second.waitForSelector('#form:not([hidden])');
  if (real) {
    // The first run made the draft: ask for a new version so this run has work to cancel.
    await second.$eval('#p-ny-version', (e) => {
      if (e.type === 'checkbox') e.checked = true; else e.value = 'ja';
    });
  }
  await second.click('#start');
  await second.waitForSelector('#cancel:not([hidden])');
  await second.waitForFunction(() => document.getElementById('bar').value > 0);
  await second.focus('#cancel');
  await second.keyboard.press('Enter');
  await second.waitForSelector('#result:not([hidden])');
  const cancelledHeading = await second.$eval('#result-heading', (e) => e.textContent);
  check(cancelledHeading === 'Körningen avbröts', 'a cancelled run says so (heading: ' + cancelledHeading + ', ' +
    (await second.$eval('#result', (e) => e.textContent.replace(/\s+/g, ' ').slice(0, 300))) + ')');
  check(await second.$eval('#bar', (e) => e.value < 100), 'the cancelled run stopped before the end');
  await axe(second, 'a cancelled run');
  await shot(second, '5-cancelled');

  // 5. A tampered link (another case) and a used one get the refusal page.
  const third = await browser.newPage();
  await third.setBypassCSP(true);
  const tampered = signedLink(base, secret, { ...grant, expires: expires() }).replace('2024SOCN33', '2024SOCN34');
  const refused = await third.goto(tampered);
  check(refused.status() === 403, 'a tampered link is refused with 403');
  check((await third.$eval('#refusal', (e) => e.textContent)).includes('Länken har ändrats'), 'the refusal page says why, in Swedish');
  await axe(third, 'the refusal page');
  await shot(third, '6-tampered');
  const replay = await third.goto(link);
  check(replay.status() === 403 && (await third.$eval('#refusal', (e) => e.textContent)).includes('redan använts'),
    'a used link is refused');
} catch (error) {
  check(false, 'unexpected: ' + (error.stack || error));
} finally {
  await browser.close();
  const exited = new Promise((resolve) => host.on('exit', (code, signal) => resolve({ code, signal })));
  host.kill('SIGTERM');
  const { code } = await exited;
  check(code === 0, 'the service stops on SIGTERM with exit code 0');
  if (registry) registry.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
