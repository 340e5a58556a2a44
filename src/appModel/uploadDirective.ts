import { Kind, type DirectiveNode, type ValueNode } from 'graphql';
import type { AppModel } from './AppModel';

/** What a `File` field takes (docs/files.md): the accepted types and the largest size, in bytes. */
export interface UploadSpec {
  /** `type/subtype` or `type/*`; the wildcard pair (star, slash, star) accepts anything. */
  accept: string[];
  maxSize: number;
}

/** A `File` field without `@upload(maxSize:)` takes files up to this size. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
/** No `@upload(maxSize:)` may exceed this: larger files belong in object storage, not an API request. */
export const MAX_FILE_SIZE_CEILING = 1024 * 1024 * 1024;

const MIME_PATTERN = /^([a-z0-9][a-z0-9!#$&^_.+-]*|\*)\/([a-z0-9][a-z0-9!#$&^_.+-]*|\*)$/;
const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i;
const UNIT_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `"5MB"`, `"512KB"`, `"1.5GB"`, `"100B"` (units of 1024) or an Int of bytes → bytes. */
export function parseSize(value: ValueNode): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind !== Kind.STRING) return undefined;
  const match = SIZE_PATTERN.exec(value.value.trim());
  return match ? Math.floor(Number(match[1]) * UNIT_BYTES[match[2].toUpperCase()]) : undefined;
}

/**
 * Reads `@upload(accept: [...], maxSize: "5MB")` on a `File` field (both optional: any type,
 * `DEFAULT_MAX_FILE_SIZE`). Returns the spec, or the reason it is wrong, for a file:line error.
 */
export function readUploadDirective(directive: DirectiveNode | undefined): UploadSpec | string {
  const spec: UploadSpec = { accept: ['*/*'], maxSize: DEFAULT_MAX_FILE_SIZE };
  for (const argument of directive?.arguments ?? []) {
    const name = argument.name.value;
    if (name === 'accept') {
      const values = argument.value.kind === Kind.LIST ? argument.value.values : [argument.value];
      const accept = values.map((v) => (v.kind === Kind.STRING ? v.value.trim().toLowerCase() : ''));
      const bad = accept.find((type) => !MIME_PATTERN.test(type) || (type.startsWith('*/') && type !== '*/*'));
      if (accept.length === 0 || bad !== undefined) {
        return `@upload(accept:) takes media types like ["image/png", "image/*"]${bad !== undefined ? `, not ${JSON.stringify(bad)}` : ''}`;
      }
      spec.accept = accept;
    } else if (name === 'maxSize') {
      const size = parseSize(argument.value);
      if (size === undefined || size <= 0)
        return '@upload(maxSize:) takes a size like "5MB", "512KB" or a number of bytes';
      if (size > MAX_FILE_SIZE_CEILING)
        return `@upload(maxSize:) may be at most ${MAX_FILE_SIZE_CEILING / 1024 ** 3}GB`;
      spec.maxSize = size;
    } else {
      return `@upload has no argument ${name} (it takes accept and maxSize)`;
    }
  }
  return spec;
}

/** The largest `maxSize` of any `File` field: how far the multipart parser reads one part. */
export function largestUpload(app: AppModel): number {
  let largest = 0;
  for (const model of app.models.values()) {
    for (const field of model.fields.values()) {
      if (field.kind === 'scalar' && field.upload) largest = Math.max(largest, field.upload.maxSize);
    }
  }
  return largest;
}
