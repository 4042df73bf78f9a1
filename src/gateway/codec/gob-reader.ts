import { FrameDecodeError } from './codec-error';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads gob primitives from `buf[pos, end)`. Every read checks the remaining bytes first, so a length can never
 * allocate or skip more than the input holds.
 */
export class GobReader {
  constructor(
    private readonly buf: Uint8Array,
    private pos = 0,
    private readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  /** An unsigned integer: one byte below 128, else a negated byte count and that many big-endian bytes. */
  uint(): bigint {
    const first = this.byte();
    if (first < 0x80) return BigInt(first);
    const n = 256 - first;
    if (n > 8) throw new FrameDecodeError('gob', 'encoded unsigned integer out of range');
    if (n > this.remaining) throw new FrameDecodeError('gob', 'truncated unsigned integer');
    let x = 0n;
    for (let i = 0; i < n; i++) x = (x << 8n) | BigInt(this.buf[this.pos + i]);
    this.pos += n;
    return x;
  }

  /** A uint as a number; values past 2^53 lose precision but only ever exceed any count they are checked against. */
  small(): number {
    const first = this.buf[this.pos];
    if (first !== undefined && first < 0x80 && this.pos < this.end) {
      this.pos++;
      return first;
    }
    return Number(this.uint());
  }

  /** A signed integer: bit 0 is the sign, the rest the value (complemented when negative). */
  int(): bigint {
    const u = this.uint();
    return u & 1n ? -(u >> 1n) - 1n : u >> 1n;
  }

  /** A byte count that must fit in what is left. */
  length(what: string): number {
    const n = this.small();
    if (n > this.remaining) {
      throw new FrameDecodeError('gob', `${what} length ${n} exceeds the ${this.remaining} bytes left`);
    }
    return n;
  }

  bytes(what: string): Buffer {
    const n = this.length(what);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  string(field: string): string {
    const n = this.length('string');
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return utf8.decode(view);
    } catch {
      throw new FrameDecodeError('utf8', 'string is not valid UTF-8', field);
    }
  }

  /** A string compared with ASCII names only: invalid UTF-8 becomes U+FFFD, which never matches. */
  name(): string {
    const n = this.length('name');
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, n).toString('utf8');
    this.pos += n;
    return s;
  }

  skip(n: number): void {
    this.pos += n;
  }

  /** The next `n` bytes as their own reader (one gob message); this reader moves past them. */
  take(n: number): GobReader {
    const sub = new GobReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return sub;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new FrameDecodeError('gob', 'unexpected end of gob data');
    return this.buf[this.pos++];
  }
}
