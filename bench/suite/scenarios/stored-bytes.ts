import type { Row } from '../result';
export async function storedBytes(): Promise<Row[]> {
  throw new Error('todo');
}
