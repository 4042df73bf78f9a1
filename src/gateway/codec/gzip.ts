import { gunzipSync, gzipSync } from 'node:zlib';
import { FrameDecodeError } from './codec-error';

export function gzipFrame(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}

/** Inflates one gzip frame, refusing (without allocating more) once the output would pass `maxBytes`. */
export function gunzipFrame(frame: Uint8Array, maxBytes: number): Buffer {
  try {
    return gunzipSync(frame, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FrameDecodeError('too-large', `gzip frame inflates past ${maxBytes} bytes`);
    }
    throw new FrameDecodeError('gzip', `bad gzip frame: ${e instanceof Error ? e.message : String(e)}`);
  }
}
