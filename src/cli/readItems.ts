import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/StreamArray';

/** One item of an import file and where it was: a line for ndjson, an array index for JSON. */
export interface ImportItem {
  value: unknown;
  /** `line 12` or `item 11` (0-based index in the array), for messages. */
  where: string;
}

export class ImportFileError extends Error {}

/**
 * Streams the items of `file` without loading it: `.ndjson`/`.jsonl` one JSON value per line
 * (blank lines skipped), `.json` one top-level array. `bytesRead()` is how far into the file
 * the reader is, for the progress line's ETA.
 */
export function readItems(file: string): { items: AsyncGenerator<ImportItem>; bytesRead(): number } {
  const stream: ReadStream = createReadStream(file);
  const bytesRead = () => stream.bytesRead;
  if (/\.json$/i.test(file)) return { items: fromJsonArray(stream), bytesRead };
  if (/\.(nd)?jsonl?$/i.test(file)) return { items: fromLines(stream), bytesRead };
  stream.destroy();
  throw new ImportFileError(`${file}: the file must end in .ndjson, .jsonl or .json`);
}

async function* fromLines(stream: ReadStream): AsyncGenerator<ImportItem> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ImportFileError(`line ${line}: not valid JSON (${(error as Error).message})`);
    }
    yield { value, where: `line ${line}` };
  }
}

async function* fromJsonArray(stream: ReadStream): AsyncGenerator<ImportItem> {
  const values = stream.pipe(parser()).pipe(streamArray());
  let last = -1;
  try {
    for await (const { key, value } of values as AsyncIterable<{ key: number; value: unknown }>) {
      last = key;
      yield { value, where: `item ${key}` };
    }
  } catch (error) {
    throw new ImportFileError(`after item ${last}: not a valid JSON array (${(error as Error).message})`);
  }
}
