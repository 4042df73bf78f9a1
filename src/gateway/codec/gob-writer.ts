/** Appends gob primitives to a growing buffer. */
export class GobWriter {
  private buf = Buffer.allocUnsafe(128);
  private len = 0;

  uint(value: bigint | number): this {
    let x = BigInt(value);
    if (x < 128n) return this.byte(Number(x));
    const bytes: number[] = [];
    while (x > 0n) {
      bytes.unshift(Number(x & 0xffn));
      x >>= 8n;
    }
    this.byte(256 - bytes.length);
    for (const b of bytes) this.byte(b);
    return this;
  }

  int(value: bigint | number): this {
    const i = BigInt(value);
    return this.uint(i < 0n ? ((-i - 1n) << 1n) | 1n : i << 1n);
  }

  bytes(data: Uint8Array): this {
    this.uint(data.length);
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(s: string): this {
    return this.bytes(Buffer.from(s, 'utf8'));
  }

  /** Appends one gob message: byte count, then `body`. */
  message(body: GobWriter): this {
    const bytes = body.finish();
    this.uint(bytes.length);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private byte(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b;
    return this;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
