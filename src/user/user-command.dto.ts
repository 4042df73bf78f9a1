import { Field, Int, Str } from '../common/dto/fields';
import { USER_ID_MAX, USER_ID_PATTERN } from './user.dto';

const userID = () => Str({ example: 'user_001', max: USER_ID_MAX, pattern: USER_ID_PATTERN });
const type = () =>
  Int({ example: 1, min: 1, max: 2_147_483_647, description: 'record kind, chosen by the client, not 0' });
const uuid = () => Str({ example: 'fav-7c1e', max: 128, description: 'record key within the kind' });

export class ProcessUserCommandAddReq {
  @userID() userID!: string;
  @type() type!: number;
  @uuid() uuid!: string;
  @Str({ optional: true, max: 65535, example: '{"msg":"hello"}' }) value?: string | null;
  @Str({ optional: true, max: 65535 }) ex?: string | null;
}

export class ProcessUserCommandUpdateReq extends ProcessUserCommandAddReq {}

export class ProcessUserCommandDeleteReq {
  @userID() userID!: string;
  @type() type!: number;
  @uuid() uuid!: string;
}

export class ProcessUserCommandGetReq {
  @userID() userID!: string;
  @type() type!: number;
}

export class ProcessUserCommandGetAllReq {
  @userID() userID!: string;
}

export class CommandInfo {
  @Field({ example: 1 }) type!: number;
  @Field({ example: 1640995200, description: 'Unix seconds' }) createTime!: number;
  @Field({ example: 'fav-7c1e' }) uuid!: string;
  @Field({ example: '{"msg":"hello"}' }) value!: string;
  @Field({ example: '' }) ex!: string;
}

/** The reference names this list `CommandResp` (capitalised). */
export class ProcessUserCommandGetResp {
  @Field({ type: [CommandInfo] }) CommandResp!: CommandInfo[];
}
