import type { Row } from '../result';
export async function idle(): Promise<Row[]> { throw new Error('todo'); }
