import type { Browser, Page } from 'playwright-core';
import { newObjectDocument } from '../../src/appModel/newObjectDocument';
import { createAdminToken } from '../../src/auth/adminTokens';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/startTestServer';

const OBJECTS = 100_000;
/** Inserts per transaction: one commit per batch keeps seeding to seconds. */
const BATCH = 5_000;

describeWithChromium('the console scale test')('the console over a type of 100,000 objects', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let adminToken: string;

  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    adminToken = await createAdminToken(server.store, 'scale');
    // Straight into the store: the API's createMany would take minutes to write 100,000.
    const comment = server.app.models.get('Comment')!;
    for (let start = 0; start < OBJECTS; start += BATCH) {
      await server.store.transaction(async (tx) => {
        for (let i = start; i < start + BATCH; i++)
          await tx.insert(comment.collection, newObjectDocument(comment, { text: `comment ${i}` }));
      });
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
    page.setDefaultTimeout(20_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("signs in with an admin token, then opens the type's first page with one API request", async () => {
    const origin = new URL(server.url).origin;
    await page.goto(`${origin}/console#/schema`);
    await page.fill('input[name=token]', adminToken);
    await page.click('form.card:has(input[name=token]) button');
    await page.locator('pre.sdl').waitFor();

    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') requests.push(request.postData() ?? '');
    });
    await page.click('header.top a:text-is("Data")');
    await page.click('.model-list a:text-is("Comment")');
    await page.locator('.pager .range', { hasText: '1–50 of 100,000' }).waitFor();
    expect(await page.locator('table.objects tbody tr').count()).toBe(50);
    expect(await page.locator('table.objects td[data-field=text]').first().innerText()).toMatch(/^comment \d+$/);
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0])).toMatchObject({ variables: { first: 50 } });
    expect(JSON.parse(requests[0]).query).toContain('allComments(first: $first');

    await page.click('button.next');
    await page.locator('.pager .range', { hasText: '51–100 of 100,000' }).waitFor();
    expect(requests).toHaveLength(2);
  });
});
