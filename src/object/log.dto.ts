import { Field, Int, NestedArr, Str, StrArr } from '../common/dto/fields';
import { PaginationField, RequestPagination } from '../common/dto/pagination.dto';

export class FileURL {
  @Str({ max: 1024, example: 'sdk-2024-01-01.log' }) filename!: string;
  @Str({ max: 4096, example: 'http://127.0.0.1:10002/object/user_001/sdk-2024-01-01.log' }) URL!: string;
}

export class UploadLogsReq {
  @Int({ int32: true, example: 2, description: 'platform ID (1–11), stored as its name' }) platform!: number;
  @NestedArr(() => FileURL, { max: 100 }) fileURLs!: FileURL[];
  @Str({ optional: true, max: 256 }) appFramework?: string;
  @Str({ optional: true, max: 256 }) version?: string;
  @Str({ optional: true, max: 65535 }) ex?: string;
}

export class DeleteLogsReq {
  @StrArr({ max: 1000, itemMax: 64, example: ['1234567890'] }) logIDs!: string[];
}

export class SearchLogsReq {
  @Str({ optional: true, max: 256, description: 'part of the userID' }) keyword?: string;
  @Int({ optional: true, min: 0, description: 'ms; 0 with endTime 0 = from 2019-01-01' }) startTime?: number;
  @Int({ optional: true, min: 0, description: 'ms; 0 = now' }) endTime?: number;
  @PaginationField() pagination!: RequestPagination;
}

export class LogInfo {
  @Field({ example: 'user_001' }) userID!: string;
  @Field({ example: 'Android' }) platform!: string;
  @Field() url!: string;
  @Field({ example: 1700000000000, description: 'ms' }) createTime!: number;
  @Field({ example: 'Alice' }) nickname!: string;
  @Field({ example: '1234567890' }) logID!: string;
  @Field() filename!: string;
  @Field({ example: '' }) systemType!: string;
  @Field({ example: '' }) ex!: string;
  @Field({ example: '3.8.0' }) version!: string;
}

export class SearchLogsResp {
  @Field({ type: [LogInfo] }) logsInfos!: LogInfo[];
  @Field({ example: 1 }) total!: number;
}
