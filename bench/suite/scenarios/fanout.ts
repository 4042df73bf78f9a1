import type { Row } from '../result';
export async function fanout(): Promise<Row[]> {
  throw new Error('todo');
}
