/** Request envelope, client → server (protocol.md §2.2). Keys are the JSON keys; gob names are these capitalised. */
export interface WsReq {
  /** operation code (§3), int32 */
  reqIdentifier: number;
  /** ignored by the server */
  token: string;
  sendID: string;
  operationID: string;
  msgIncr: string;
  /** protobuf-encoded request message */
  data: Uint8Array;
}

/** Response and push envelope, server → client (protocol.md §2.3). */
export interface WsResp {
  /** the request's code, or the push code (2001, 2002, 2005), int32 */
  reqIdentifier: number;
  /** empty for pushes */
  msgIncr: string;
  operationID: string;
  /** Go `int`: any safe integer here */
  errCode: number;
  errMsg: string;
  /** protobuf-encoded response; empty is sent as JSON `null` */
  data: Uint8Array;
}

/** The gateway's read limit on one inbound WebSocket frame (§2.7). */
export const MAX_INBOUND_FRAME_BYTES = 51_200;

/** What a gzip frame may inflate to: a compressed 51,200-byte frame of protobuf rarely exceeds it. */
export const MAX_INFLATED_FRAME_BYTES = 1 << 20;

const EMPTY = new Uint8Array(0);

export function wsReq(fields: Partial<WsReq>): WsReq {
  return { reqIdentifier: 0, token: '', sendID: '', operationID: '', msgIncr: '', data: EMPTY, ...fields };
}

export function wsResp(fields: Partial<WsResp>): WsResp {
  return { reqIdentifier: 0, msgIncr: '', operationID: '', errCode: 0, errMsg: '', data: EMPTY, ...fields };
}
