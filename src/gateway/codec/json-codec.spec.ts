import { FrameDecodeError, WsReq, decodeJsonReq, encodeJsonResp, wsResp } from '.';

const req = (text: string): WsReq | FrameDecodeError => decodeJsonReq(Buffer.from(text, 'utf8'));
const err = (text: string): [string?, string?] => {
  const got = req(text);
  return got instanceof FrameDecodeError ? [got.kind, got.field] : [];
};

describe('JSON codec (sdkType=js)', () => {
  it('writes every key in the server order, data base64 or null (protocol.md §2.4)', () => {
    expect(encodeJsonResp(wsResp({ reqIdentifier: 2002 })).toString()).toBe(
      '{"reqIdentifier":2002,"msgIncr":"","operationID":"","errCode":0,"errMsg":"","data":null}',
    );
    const reply = wsResp({ reqIdentifier: 1003, msgIncr: 'm', operationID: 'op', data: Buffer.from([1, 2, 255]) });
    expect(JSON.parse(encodeJsonResp(reply).toString())).toMatchObject({ data: 'AQL/' });
  });

  it('an empty answer is "" (an empty protobuf, as Go marshals it), an error or a kick has null', () => {
    const data = (fields: Parameters<typeof wsResp>[0]) =>
      (JSON.parse(encodeJsonResp(wsResp(fields)).toString()) as { data: unknown }).data;
    expect(data({ reqIdentifier: 2005 })).toBe('');
    expect(data({ reqIdentifier: 2003 })).toBe('');
    expect(data({ reqIdentifier: 2005, errCode: 1001, errMsg: 'bad' })).toBeNull();
    expect(data({ reqIdentifier: 2004 })).toBeNull();
    expect(data({ reqIdentifier: 2002 })).toBeNull();
  });

  it('reads what the JS SDK sends, with Go rules: unknown keys ignored, keys case-insensitive, null is empty', () => {
    const got = req(
      '{"reqIdentifier":1003,"msgIncr":"k3j9x","SENDID":"u1","operationid":"op-1","data":"CgJ1MQ==","extra":[1],"token":null}',
    );
    expect(got).toEqual({
      reqIdentifier: 1003,
      token: '',
      sendID: 'u1',
      operationID: 'op-1',
      msgIncr: 'k3j9x',
      data: Buffer.from('CgJ1MQ==', 'base64'),
    });
    expect((req('{"data":"CgJ1\\r\\nMQ=="}') as WsReq).data).toEqual(Buffer.from('CgJ1MQ==', 'base64'));
  });

  it('bad JSON, a non-object, wrong types, out-of-range ints and bad base64 are typed errors naming the field', () => {
    expect(err('{"reqIdentifier":')).toEqual(['json', undefined]);
    expect(err('\u00ff\u00fe')).toEqual(['json', undefined]);
    expect(err('[1,2]')).toEqual(['json', undefined]);
    expect(err('null')).toEqual(['json', undefined]);
    expect(err('{"reqIdentifier":"1003"}')).toEqual(['type', 'reqIdentifier']);
    expect(err('{"reqIdentifier":1.5}')).toEqual(['type', 'reqIdentifier']);
    expect(err('{"reqIdentifier":2147483648}')).toEqual(['range', 'reqIdentifier']);
    expect(err('{"reqIdentifier":1e400}')).toEqual(['type', 'reqIdentifier']);
    expect(err('{"sendID":5}')).toEqual(['type', 'sendID']);
    expect(err('{"operationID":{"a":1}}')).toEqual(['type', 'operationID']);
    expect(err('{"data":[1,2]}')).toEqual(['type', 'data']);
    expect(err('{"data":"CgJ1MQ"}')).toEqual(['base64', 'data']); // padding missing
    expect(err('{"data":"CgJ-MQ=="}')).toEqual(['base64', 'data']); // URL alphabet
    expect(err('{"data":"Cg J1MQ=="}')).toEqual(['base64', 'data']);
  });
});
