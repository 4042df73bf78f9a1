import type { Row } from '../result';
export async function syncOffline(): Promise<Row[]> {
  throw new Error('todo');
}
