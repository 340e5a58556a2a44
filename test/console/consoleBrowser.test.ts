import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAdminToken } from '../../src/auth/adminTokens';
import { describeWithChromium, launchChromium, screenshotter } from '../support/chromium';
import { eventually } from '../support/eventually';
import { serving } from '../support/subscriptions';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, TEST_PASSWORD, type TestUser } from '../support/users';

/** A real 1×1 PNG, for a File field. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const XSS_TITLE = `<img src=x onerror="window.__xss = 'img'"><script>window.__xss = 'script'</script>`;
const TAGS = 250;

/** The example app, with a File field on Post. */
function schemaWithCover(): string {
  const schema = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  const withCover = schema.replace(
    '  tags: [Tag!]! @relation(name: "PostTags")\n}',
    '  tags: [Tag!]! @relation(name: "PostTags")\n  cover: File @upload(accept: ["image/png"], maxSize: "64KB")\n}',
  );
  if (withCover === schema) throw new Error('schema.graphql changed: put the cover field somewhere else');
  return withCover;
}

const shoot = screenshotter('console');

/** The page's globals that `page.evaluate` reaches (this file is type-checked without the DOM library). */
type PageGlobals = {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  __xss?: string;
};

describeWithChromium('the console in headless Chromium')('the console at /console, driven in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adminToken: string;
  let ada: TestUser;
  let adaPost: string;
  const pageErrors: string[] = [];
  const offsite: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      permissions: 'example',
      schema: schemaWithCover(),
      env: { NODE_ENV: 'development' },
    });
    adminToken = await createAdminToken(server.store, 'browser-tests');
    const root = await signUp(server, 'root');
    await enroll(server, adminToken, root, 'admin', 'admin');
    ada = await signUp(server, 'ada');
    await signUp(server, 'bob');
    const tags = await server.request(
      'mutation($input: CreateManyTagsInput!) { createManyTags(input: $input) { clientMutationId } }',
      { input: { items: Array.from({ length: TAGS }, (_, i) => ({ name: `tag-${String(i).padStart(3, '0')}` })) } },
      adminToken,
    );
    expect(tags.errors).toBeUndefined();
    adaPost = await uploadPost(server, ada);
    for (const [title, slug] of [
      ['Same title', 'same-1'],
      ['Same title', 'same-2'],
      [XSS_TITLE, 'xss'],
    ]) {
      const created = await server.request(
        'mutation($input: CreatePostInput!) { createPost(input: $input) { clientMutationId } }',
        { input: { title, slug, views: 5 } },
        adminToken,
      );
      expect(created.errors).toBeUndefined();
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    // Offline: anything but this server is refused, so a CDN would show up here.
    const origin = new URL(server.url).origin;
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(`${origin}/`)) return route.continue();
      offsite.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    // A step that never comes fails with the locator it waited for, before jest's own timeout.
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(offsite).toEqual([]);
  });

  const consoleUrl = (hash = '') => `${new URL(server.url).origin}/console${hash}`;
  /**
   * Opens a screen afresh (the same address again reloads it, as an operator's F5 would). A test
   * run on its own (jest -t) signs in with the admin token first, as the sign-in test would.
   */
  async function open(hash: string) {
    if (
      hash &&
      !(await page
        .evaluate(() =>
          Boolean((globalThis as unknown as PageGlobals).sessionStorage.getItem('graphkeep.console.token')),
        )
        .catch(() => false))
    ) {
      await page.goto(consoleUrl());
      await page.evaluate(
        (token) => (globalThis as unknown as PageGlobals).sessionStorage.setItem('graphkeep.console.token', token),
        adminToken,
      );
    }
    if (page.url() === consoleUrl(hash)) await page.reload();
    else await page.goto(consoleUrl(hash));
  }
  const text = (selector: string) => page.locator(selector).first().innerText();

  test('signs in with an admin user: a wrong password and a non-admin are refused with a reason', async () => {
    await open('');
    await page.locator('input[name=username]').waitFor();
    await shoot(page, 'sign-in');
    await page.fill('input[name=username]', 'root');
    await page.fill('input[name=password]', 'not the password');
    await page.click('form.card >> text=Sign in');
    await page.locator('.notice.error').waitFor();
    expect(await text('.notice.error')).toMatch(/UNAUTHENTICATED/);

    await page.fill('input[name=username]', 'bob');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.card >> text=Sign in');
    await page.locator('.notice.error', { hasText: 'not an admin' }).waitFor();

    await page.fill('input[name=username]', 'root');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.card >> text=Sign in');
    await page.locator('header.top .who', { hasText: 'Signed in as root' }).waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
          'graphkeep.console.token',
        ),
      ),
    ).toMatch(/^ey/);
    await page.locator('.model-list').waitFor();
    expect(await page.locator('.model-list a').allInnerTexts()).toEqual(['User', 'Role', 'Post', 'Comment', 'Tag']);
  });

  test('pages through 250 tags, forwards and back, with the total from the connection', async () => {
    await open('#/data/Tag');
    await page.locator('.pager .range').waitFor();
    await page.selectOption('select.order-field', 'name');
    await page.selectOption('select.page-size', '100');
    const range = page.locator('.pager .range');
    const firstName = () => page.locator('table.objects tbody tr td[data-field=name]').first().innerText();
    await range.filter({ hasText: '1–100 of 250' }).waitFor();
    expect(await firstName()).toBe('tag-000');
    await shoot(page, 'data-list');
    await page.click('button.next');
    await range.filter({ hasText: '101–200 of 250' }).waitFor();
    expect(await firstName()).toBe('tag-100');
    await page.click('button.next');
    await range.filter({ hasText: '201–250 of 250' }).waitFor();
    expect(await page.locator('table.objects tbody tr').count()).toBe(50);
    expect(await page.locator('button.next').isDisabled()).toBe(true);
    await page.click('button.previous');
    await range.filter({ hasText: '101–200 of 250' }).waitFor();
    expect(await firstName()).toBe('tag-100');
  });

  test("filters with the type's where: name startsWith tag-24", async () => {
    await open('#/data/Tag');
    await page.locator('.pager .range').waitFor();
    await page.click('text=+ condition');
    await page.selectOption('select.filter-field', 'name');
    await page.selectOption('select.filter-operator', 'startsWith');
    await page.fill('input.filter-value', 'tag-24');
    await page.click('button.apply-filter');
    await page.locator('.pager .range', { hasText: '1–10 of 10' }).waitFor();
    const names = await page.locator('table.objects tbody td[data-field=name]').allInnerTexts();
    expect(names.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `tag-24${i}`));
    await shoot(page, 'data-filter');
    await page.click('text=Clear');
    await page.locator('.pager .range', { hasText: 'of 250' }).waitFor();
  });

  test("edits a field: the server's validation error shows at the field, then the change is saved", async () => {
    await open(`#/data/Post/${encodeURIComponent(adaPost)}`);
    await page.locator('dl.fields').waitFor();
    expect(await text('dd[data-field=author]')).toBe('ada');
    expect(await text('dd[data-field=cover]')).toBe(`pixel.png image/png, ${PIXEL_PNG.length} B`);
    await shoot(page, 'object');
    await page.click('a.button:text("Edit")');
    const views = page.locator('input[name=views]');
    await views.waitFor();
    await views.fill('lots');
    await page.click('button:text("Save")');
    const error = page.locator('.field:has(input[name=views]) .field-error');
    await error.filter({ hasText: 'Int cannot represent non-integer value: "lots"' }).waitFor();
    expect(await page.locator('.form-errors').innerText()).toBe('');
    await shoot(page, 'edit-error');
    await views.fill('12');
    await page.click('button:text("Save")');
    await page.locator('dd[data-field=views]', { hasText: '12' }).waitFor();
    const stored = await server.request('query($id: ID!) { getPost(id: $id) { views } }', { id: adaPost }, adminToken);
    expect(stored.data.getPost.views).toBe(12);
  });

  test('a File field shows its name, type and size, and downloads', async () => {
    await open(`#/data/Post/${encodeURIComponent(adaPost)}`);
    const link = page.locator('dd[data-field=cover] a.download');
    await link.waitFor();
    const href = await link.getAttribute('href');
    const downloaded = await page.evaluate(async (url) => {
      const response = await fetch(url!);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        size: (await response.arrayBuffer()).byteLength,
      };
    }, href);
    expect(downloaded).toEqual({ status: 200, type: 'image/png', size: PIXEL_PNG.length });
  });

  test('adds a user to a role and resets their password, and the API agrees', async () => {
    await open('#/users');
    await page.fill('input.user-search', 'ada');
    await page.click('form.search button');
    await page.click('table.users a:text-is("ada")');
    await page.locator('h1', { hasText: 'User ada' }).waitFor();
    expect(await text('table.memberships tbody')).toBe('No roles.');
    await page.selectOption('select.add-role', { label: 'Editors' });
    await page.selectOption('select.add-level', 'readwrite');
    await page.click('form.add-membership button');
    await page.locator('.notice.ok', { hasText: 'ada joined Editors (readwrite).' }).waitFor();
    const row = page.locator('table.memberships tr[data-role=Editors]');
    expect(await row.locator('select').inputValue()).toBe('readwrite');
    await shoot(page, 'users');
    const roles = await server.request(
      'query($id: ID!) { getUser(id: $id) { roles { edges { accessLevel node { name } } } } }',
      { id: ada.id },
      adminToken,
    );
    expect(roles.data.getUser.roles.edges).toEqual([{ accessLevel: 'readwrite', node: { name: 'Editors' } }]);

    await page.fill('input.new-password', 'a fresh passphrase');
    await page.click('form.reset-password button');
    await page.locator('.notice.ok', { hasText: 'The password of ada was reset' }).waitFor();
    const login = `mutation($p: String!) { loginUser(input: { username: "ada", password: $p }) { token } }`;
    const fresh = (await server.request(login, { p: 'a fresh passphrase' })).data.loginUser.token as string;
    expect(fresh).toMatch(/^ey/);
    const viewerCode = async (token: string) =>
      (await server.request('{ viewer { user { id } } }', {}, token)).errors?.[0]?.extensions?.code;
    expect(await viewerCode(ada.token)).toBe('UNAUTHENTICATED');

    // The account actions: logging out everywhere ends the fresh token too; mail is off here and says so.
    expect(await viewerCode(fresh)).toBeUndefined();
    await page.click('.account-actions button:text-is("Log out everywhere")');
    await page.locator('.notice.ok', { hasText: 'ada was logged out everywhere' }).waitFor();
    expect(await viewerCode(fresh)).toBe('UNAUTHENTICATED');
    await page.click('.account-actions button:text-is("Send a verification mail")');
    await page.locator('.notice.error', { hasText: 'SMTP_URL' }).waitFor();
  });

  test('explains a denied read: anonymous on Role, and the masked field of a Post', async () => {
    await open('#/rules?type=Role');
    await page.locator('table.matrix').waitFor();
    await page.click('form.explain-form button');
    const read = page.locator('table.decisions tr[data-operation=read]');
    await read.waitFor();
    expect(await read.locator('.decision').innerText()).toBe('DENIED');
    expect(await read.locator('td.reason').innerText()).toMatch(
      /^no rule in .*Role\.json grants read on Role to an anonymous client$/,
    );
    await page.click('details.operation-detail summary >> nth=0');
    expect(await text('details.operation-detail pre')).toContain(
      'rule 0 (AUTHENTICATED): does not apply: not signed in',
    );
    await shoot(page, 'rules-explain');

    await open(`#/rules?type=Post&object=${encodeURIComponent(adaPost)}`);
    await page.locator('table.decisions tr[data-operation=read]').waitFor();
    expect(await text('table.decisions tr[data-operation=read] .decision')).toBe('PARTLY');
    expect(await text('table.decisions tr[data-operation=read] td.reason')).toBe(
      'granted by rule 0 (EVERYONE); no rule grants views, cover',
    );
    await page.click('details.operation-detail summary >> nth=0');
    expect(await text('table.field-decisions tr:has(th:text-is("views"))')).toMatch(/views\s+denied/);
    await shoot(page, 'rules-matrix');
  });

  test('views the data as anonymous: read-only, with the fields anonymous may not read masked', async () => {
    await open('#/rules?type=Post');
    await page.locator('form.explain-form').waitFor();
    await page.click('form.explain-form button');
    await page.click('button.view-as');
    await page.locator('.view-as-banner', { hasText: 'Viewing the data as anonymous' }).waitFor();
    await page.locator('table.objects').waitFor();
    const views = await page.locator('table.objects td[data-field=views]').allInnerTexts();
    expect(views.length).toBeGreaterThan(0);
    expect(new Set(views)).toEqual(new Set(['masked']));
    expect(await page.locator('table.objects td[data-field=title]').allInnerTexts()).toContain('Same title');
    expect(await page.locator('a.button:text("New Post")').count()).toBe(0);
    await shoot(page, 'view-as');

    await page.click(`table.objects a.object-link >> nth=0`);
    await page.locator('dl.fields').waitFor();
    expect(await page.locator('a.button:text("Edit")').count()).toBe(0);
    await page.click('text=Stop viewing as');
    await page.locator('.view-as-banner').waitFor({ state: 'detached' });
    await page.locator('a.button:text("Edit")').waitFor();
  });

  test('receives a live event for a post created through the API', async () => {
    await open('#/live');
    await page.selectOption('select.live-type', 'Post');
    await page.click('button.start');
    await serving(server, 1);
    const created = await server.request(
      'mutation { createPost(input: { title: "Live from the API", slug: "live" }) { clientMutationId } }',
      {},
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const event = page.locator('ol.events li.event').first();
    await event.filter({ hasText: 'Live from the API' }).waitFor();
    expect(await event.locator('.mutation').innerText()).toBe('CREATE');
    expect(await text('.live-status')).toBe('Listening for CREATE, UPDATE, DELETE events on Post.');
    await shoot(page, 'live');
    await open('#/schema');
    await page.locator('pre.sdl').waitFor();
    // Leaving the screen ends the subscription.
    await eventually(() => (server.realtime.subscriptions() === 0 ? true : undefined), 'no subscription left');
  });

  test('shows the SDL, and the schema check report for a proposed schema', async () => {
    await open('#/schema');
    await page.locator('pre.sdl').waitFor();
    expect(await text('pre.sdl')).toContain('type Post implements Node');
    const proposed = schemaWithCover().replace('title: String!', 'title: String! @unique');
    await page.fill('textarea.proposed-schema', proposed);
    await page.click('form.schema-check button');
    await page
      .locator('.check-report .notice', { hasText: 'the server would refuse to start: 1 change cannot be applied' })
      .waitFor();
    expect(await text('table.findings tbody tr')).toMatch(/cannot apply\s+Post\.title\s+2\s+@unique is new/);
    await shoot(page, 'schema');

    await page.fill('textarea.proposed-schema', 'type Post @model {\n  title: Strin\n}');
    await page.click('form.schema-check button');
    await page.locator('.check-report .notice.error', { hasText: 'proposed schema.graphql:2:' }).waitFor();
  });

  test('admin tokens: created and shown once, listed with last use, revoked', async () => {
    await open('#/tokens');
    await page.locator('table.tokens').waitFor();
    expect(await text('table.tokens tr[data-token=browser-tests]')).toMatch(/browser-tests/);
    await page.fill('input.token-name', 'from-the-console');
    await page.click('form.inline-form button');
    const shown = page.locator('input.new-token');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^gk_admin_/);
    await shoot(page, 'tokens');
    expect((await server.request('{ viewer { user { id } } }', {}, token)).errors).toBeUndefined();
    await open('#/tokens');
    await page
      .locator('tr[data-token=from-the-console] td', { hasText: /^\d{4}-/ })
      .nth(1)
      .waitFor();
    expect(await page.locator('input.new-token').count()).toBe(0);
    await page.click('tr[data-token=from-the-console] button:text("Revoke…")');
    await page.click('button:text("Revoke from-the-console")');
    await page.locator('.notice.ok', { hasText: 'Admin token from-the-console revoked.' }).waitFor();
    expect((await server.request('{ viewer { user { id } } }', {}, token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    await open('#/roles');
    await page.locator('table.roles').waitFor();
    await shoot(page, 'roles');
  });

  test('a stored title with HTML and a script is shown as text, in the list and on its page', async () => {
    await open('#/data/Post');
    await page.locator('table.objects').waitFor();
    await page.click('text=+ condition');
    await page.selectOption('select.filter-field', 'slug');
    await page.fill('input.filter-value', 'xss');
    await page.click('button.apply-filter');
    const cell = page.locator('table.objects td[data-field=title]');
    await page.locator('.pager .range', { hasText: '1–1 of 1' }).waitFor();
    expect(await cell.innerText()).toBe(XSS_TITLE);
    expect(await page.locator('table.objects img, table.objects script').count()).toBe(0);
    await page.click('table.objects a.object-link');
    await page.locator('dd[data-field=title]').waitFor();
    expect(await text('dd[data-field=title]')).toBe(XSS_TITLE);
    expect(await text('h1 .object-label')).toBe(XSS_TITLE);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__xss)).toBeUndefined();
  });
});

/** Ada's post with a cover, uploaded as a frontend would (multipart, docs/files.md). */
async function uploadPost(server: TestServer, ada: TestUser): Promise<string> {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      query: 'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }',
      variables: { input: { title: "Ada's first", slug: 'adas-first', views: 3, authorId: ada.id, cover: null } },
    }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.input.cover'] }));
  form.append('0', new Blob([PIXEL_PNG], { type: 'image/png' }), 'pixel.png');
  const response = await fetch(server.url, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${ada.token}`, 'apollo-require-preflight': 'true' },
  });
  const body = (await response.json()) as {
    data?: { createPost?: { changedPost?: { id: string } } };
    errors?: unknown;
  };
  if (!body.data?.createPost?.changedPost) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.createPost.changedPost.id;
}
