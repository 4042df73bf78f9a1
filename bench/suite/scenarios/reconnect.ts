import type { Row } from '../result';
export async function reconnect(): Promise<Row[]> {
  throw new Error('todo');
}
