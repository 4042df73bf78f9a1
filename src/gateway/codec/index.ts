export * from './codec-error';
export * from './envelope';
export * from './frame-codec';
export { decodeGobReq, decodeGobResp, encodeGobReq, encodeGobResp } from './gob-envelope';
export { decodeJsonReq, decodeJsonResp, encodeJsonReq, encodeJsonResp } from './json-codec';
export { gunzipFrame, gzipFrame } from './gzip';
