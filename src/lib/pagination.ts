import { invalid } from './errors.ts';
import { unstorableTextProblem } from './storable-text.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset cursor: the sort value and id of the last row on the page, opaque to clients. */
export interface Cursor {
  value: number | string | null;
  id: string;
}

export const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const [value, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    // A forged cursor's strings reach the keyset query: they must be text the database can compare.
    const isStorable = (text: unknown) => typeof text === 'string' && unstorableTextProblem(text) === undefined;
    if (isStorable(id) && (typeof value === 'number' || isStorable(value))) return { value, id };
  } catch {
    // fall through to the error below
  }
  throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
}

export const pageLimit = (limit: number | undefined) => Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

/** Rows were fetched with limit + 1: the extra row tells whether another page exists. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => Cursor,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
