import { ImError } from '../errors/im-error';
import { Int, Nested } from './fields';

export class RequestPagination {
  /** int32 as in the reference; larger pages would overflow the SQL OFFSET */
  @Int({ min: 1, max: 2_147_483_647, example: 1, description: 'page number, from 1' })
  pageNumber!: number;

  @Int({ min: 1, max: 1000, example: 100, description: 'items per page' })
  showNumber!: number;
}

/** Offset and limit of a page, refusing pages larger than the route allows (`max`). */
export function pageOf(p: RequestPagination, max = 1000): { offset: number; limit: number } {
  if (p.showNumber > max) throw ImError.args(`pagination.showNumber must not be greater than ${max}`);
  return { offset: (p.pageNumber - 1) * p.showNumber, limit: p.showNumber };
}

export const PaginationField = (description = 'paging: pageNumber from 1, showNumber at most 1000') =>
  Nested(() => RequestPagination, { description });
