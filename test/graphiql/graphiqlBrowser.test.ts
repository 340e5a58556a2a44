import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** Debian's `chromium` package; `.ci/run` installs it. playwright-core downloads no browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT_DIR = join(__dirname, '..', '..', 'test-output', 'graphiql');

/** The README's first query (its first ```graphql block that is not a mutation). */
function readmeFirstQuery(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1].trim());
  const query = blocks.find((block) => block.startsWith('{') || block.startsWith('query'));
  if (!query) throw new Error('README.md shows no query');
  return query;
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // A skipped browser test must say so, not pass silently.
  console.warn(
    `GraphiQL browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}
const describeWithChromium = haveChromium ? describe : describe.skip;

describeWithChromium('GraphiQL in headless Chromium, offline', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  beforeAll(async () => {
    // As `npm start` runs it: development mode, the example app and its rules.
    server = await startTestServer({ permissions: 'example', env: { NODE_ENV: 'development' } });
    admin = await createAdminToken(server.store, 'graphiql');
    const created = await server.request(
      `mutation { createPost(input: { title: "Hello from the browser test", slug: "hello" }) { changedPost { id } } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the README's first query runs in GraphiQL with every other host blocked", async () => {
    const query = readmeFirstQuery();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const origin = new URL(server.url).origin;
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${server.url}?query=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response .CodeMirror-code');
    await result.getByText('Hello from the browser test').waitFor({ timeout: 20_000 });

    const text = await result.innerText();
    expect(text).toContain('"allPosts"');
    expect(text).toContain('"totalCount": 1');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'first-query.png') });
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  test('a subscription runs in GraphiQL over the WebSocket and shows the event a write sends', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const subscription = 'subscription { subscribeToPost(mutations: [CREATE]) { mutation node { title } } }';
    await page.goto(`${server.url}?query=${encodeURIComponent(subscription)}`, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').click();
    await eventually(() => (server.realtime.subscriptions() > 0 ? true : undefined), 'the subscription from the page');
    const created = await server.request(
      `mutation { createPost(input: { title: "Live from the socket", slug: "live" }) { changedPost { id } } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    const result = page.locator('.graphiql-response .CodeMirror-code');
    await result.getByText('Live from the socket').waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toContain('"mutation": "CREATE"');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'subscription.png') });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
