import type { Row } from '../result';
export async function chat(): Promise<Row[]> { throw new Error('todo'); }
