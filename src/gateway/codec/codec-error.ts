/**
 * What went wrong with an inbound frame. Every decode failure is one of these; the gateway closes the connection
 * (protocol.md §2.8) and may log `kind`/`field`, nothing else is thrown by a decoder.
 */
export type FrameErrorKind =
  | 'too-large' // the frame, or what it inflates to, exceeds the limit
  | 'gzip' // not a valid gzip member
  | 'json' // not JSON, or not an object
  | 'base64' // `data` is not standard padded base64
  | 'gob' // malformed or truncated gob stream
  | 'type' // a field has the wrong wire type
  | 'range' // an integer does not fit the field
  | 'utf8' // a gob string is not valid UTF-8
  | 'unsupported'; // valid gob this codec does not decode (interface fields, deeper nesting than the cap)

export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError';

  constructor(
    readonly kind: FrameErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${message} (field ${field})` : message);
  }
}

/** A value handed to an encoder that the wire cannot carry (a bug in the caller, never client input). */
export class FrameEncodeError extends Error {
  override readonly name = 'FrameEncodeError';
}
