import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/** Debian's `chromium` package, as for the GraphiQL browser test. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A real 1×1 PNG, so the browser can decode what it downloads. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `browser upload test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
const describeWithChromium = haveChromium ? describe : describe.skip;

describeWithChromium('uploads from a real browser (headless Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: TestUser;
  beforeAll(async () => {
    server = await startTestServer({
      schema: `type Post @model { title: String!, cover: File @upload(accept: ["image/png"], maxSize: "64KB") }`,
    });
    alice = await signUp(server, 'alice');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('FormData + fetch upload a File; the signed url works as <img src>', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/healthz', server.url).toString());
    const result = await page.evaluate(
      async ({ png, token }) => {
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const form = new FormData();
        const query =
          'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { cover { name contentType size url } } } }';
        form.append(
          'operations',
          JSON.stringify({ query, variables: { input: { title: 'from Chromium', cover: null } } }),
        );
        form.append('map', JSON.stringify({ 0: ['variables.input.cover'] }));
        form.append('0', new File([bytes], 'pixel.png', { type: 'image/png' }));
        const response = await fetch('/graphql', {
          method: 'POST',
          body: form,
          headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
        });
        const body = (await response.json()) as {
          data?: { createPost?: { changedPost?: { cover?: { url: string } } } };
          errors?: unknown;
        };
        const cover = body.data?.createPost?.changedPost?.cover;
        // The page's own Image (this file is type-checked without the DOM library).
        type ImageElement = {
          onload: (() => void) | null;
          onerror: (() => void) | null;
          src: string;
          naturalWidth: number;
        };
        const image = new (globalThis as unknown as { Image: new () => ImageElement }).Image();
        const loaded = await new Promise<boolean>((resolve) => {
          image.onload = () => resolve(true);
          image.onerror = () => resolve(false);
          image.src = cover?.url ?? '';
        });
        return { status: response.status, errors: body.errors, cover, loaded, width: image.naturalWidth };
      },
      { png: PIXEL_PNG, token: alice.token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.cover).toMatchObject({
      name: 'pixel.png',
      contentType: 'image/png',
      size: Buffer.from(PIXEL_PNG, 'base64').length,
    });
    expect(result.loaded).toBe(true);
    expect(result.width).toBe(1);
    await page.close();
  }, 60_000);
});
