import type { GraphQLResponse, TestServer } from './startTestServer';

export interface FilePart {
  /** Where the file goes in `variables`, e.g. `input.cover`. */
  at: string;
  bytes: Uint8Array;
  type: string;
  name: string;
}

/**
 * Sends a GraphQL multipart request the way a browser's upload link does: `FormData` with
 * `operations`, `map` and `Blob` files, over `fetch` (docs/files.md). `null` goes where each file
 * will be, as the convention's clients leave it.
 */
export async function uploadRequest(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  files: FilePart[],
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  data?: GraphQLResponse['data'];
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}> {
  const placed = structuredClone(variables);
  for (const file of files) setAt(placed, file.at, null);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: placed }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [`variables.${file.at}`]]))));
  files.forEach((file, i) => form.append(String(i), new Blob([file.bytes], { type: file.type }), file.name));
  const response = await fetch(server.url, {
    method: 'POST',
    body: form,
    headers: {
      'apollo-require-preflight': 'true',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
  });
  return { status: response.status, ...((await response.json()) as object) };
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let parent: Record<string, unknown> = target;
  for (const segment of segments.slice(0, -1)) {
    parent[segment] ??= {};
    parent = parent[segment] as Record<string, unknown>;
  }
  parent[segments[segments.length - 1]] = value;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1];

/** `size` bytes that start like a PNG; the rest counts up so ranges are easy to check. */
export function pngBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE.slice(0, size));
  for (let i = PNG_SIGNATURE.length; i < size; i += 1) bytes[i] = i % 251;
  return bytes;
}

export function jpegBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(JPEG_SIGNATURE.slice(0, size));
  return bytes;
}
