import { Bool, Field, Int, IntArr, Obj, Str, StrArr } from '../common/dto/fields';

const objectName = () =>
  Str({
    example: 'user_001/avatar.png',
    max: 1024,
    description: "non-admin callers: must start with '<their userID>/'; at most 1024 bytes, not starting with '/'",
  });

export class PartLimitReq {}

export class PartLimitResp {
  @Field({ example: 5242880 }) minPartSize!: number;
  @Field({ example: 5368709120 }) maxPartSize!: number;
  @Field({ example: 10000 }) maxNumSize!: number;
}

export class PartSizeReq {
  @Int({ example: 10485760, description: 'the whole file, bytes' }) size!: number;
}

export class PartSizeResp {
  @Field({ example: 5242880, description: 'the part size to split the file by' }) size!: number;
}

export class KeyValues {
  @Field({ example: 'Content-Type' }) key!: string;
  @Field({ type: [String] }) values!: string[];
}

export class SignPart {
  @Field({ example: 1 }) partNumber!: number;
  @Field({ description: 'PUT the part here (the query is already in it)' }) url!: string;
  @Field({ type: [KeyValues] }) query!: KeyValues[];
  @Field({ type: [KeyValues] }) header!: KeyValues[];
}

export class AuthSignResp {
  @Field({ example: '' }) url!: string;
  @Field({ type: [KeyValues] }) query!: KeyValues[];
  @Field({ type: [KeyValues] }) header!: KeyValues[];
  @Field({ type: [SignPart] }) parts!: SignPart[];
}

export class UploadInfo {
  @Field({ example: '9f2c…' }) uploadID!: string;
  @Field({ example: 5242880 }) partSize!: number;
  @Field({ type: AuthSignResp, nullable: true, description: 'the pre-signed parts (maxParts), else null' })
  sign!: AuthSignResp | null;
  @Field({ example: 1700000000000, description: 'ms; the upload is swept after it' }) expireTime!: number;
}

export class InitiateMultipartUploadReq {
  @Str({ example: 'd41d8cd98f00b204e9800998ecf8427e', max: 64, description: 'md5 hex of the part md5s joined by ","' })
  hash!: string;
  @Int({ example: 10485760, description: 'bytes' }) size!: number;
  @Int({ optional: true, description: 'ignored: the server decides (part_size)' }) partSize?: number;
  @Int({ optional: true, int32: true, example: -1, description: '-1 sign every part, n>0 the first n, 0 none' })
  maxParts?: number;
  @Str({ optional: true, max: 256, example: 'msg-picture' }) cause?: string;
  @objectName() name!: string;
  @Str({ optional: true, max: 256, example: 'image/png' }) contentType?: string;
}

export class InitiateMultipartUploadResp {
  @Field({ example: '', description: 'set when an object with this hash exists already (no upload needed)' })
  url!: string;
  @Field({ type: UploadInfo, nullable: true }) upload!: UploadInfo | null;
}

export class AuthSignReq {
  @Str({ max: 64 }) uploadID!: string;
  @IntArr({ max: 10000, int32: true, description: 'from 1 to the part count' }) partNumbers!: number[];
}

export class CompleteMultipartUploadReq {
  @Str({ max: 64 }) uploadID!: string;
  @StrArr({ max: 10000, itemMax: 64, description: 'the md5 hex of every part, in order' }) parts!: string[];
  @objectName() name!: string;
  @Str({ optional: true, max: 256, example: 'image/png' }) contentType?: string;
  @Str({ optional: true, max: 256 }) cause?: string;
}

export class UrlResp {
  @Field({ example: 'http://127.0.0.1:10002/object/user_001/avatar.png' }) url!: string;
}

export class AccessURLReq {
  @Str({ max: 2048, example: 'user_001/avatar.png' }) name!: string;
  @Obj({ optional: true, description: '{type: "" | "image", width, height, format}' })
  query?: Record<string, unknown>;
}

export class AccessURLResp {
  @Field() url!: string;
  @Field({ example: 1700000000000, description: 'ms' }) expireTime!: number;
}

export class InitiateFormDataReq {
  @objectName() name!: string;
  @Int({ example: 1024, description: 'bytes, > 0' }) size!: number;
  @Str({ optional: true, max: 256, example: 'image/png' }) contentType?: string;
  @Str({ optional: true, max: 256 }) group?: string;
  @Int({ optional: true, description: 'admin only: validity in ms (default 10 minutes)' }) millisecond?: number;
  @Bool({ optional: true, description: 'admin only: store under `name` itself' }) absolute?: boolean;
}

export class InitiateFormDataResp {
  @Field({ description: 'hand back to complete_form_data' }) id!: string;
  @Field({ description: 'POST the form here' }) url!: string;
  @Field({ example: 'file', description: 'the form field of the file' }) file!: string;
  @Field({ type: [KeyValues] }) header!: KeyValues[];
  @Field({ type: 'object', example: { key: 'openim/direct/…' } }) formData!: Record<string, string>;
  @Field({ example: 1700000000000, description: 'ms' }) expires!: number;
  @Field({ type: [Number], example: [200, 204] }) successCodes!: number[];
}

export class CompleteFormDataReq {
  @Str({ max: 4096 }) id!: string;
}
