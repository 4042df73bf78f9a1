import { Controller, Req } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PbCoder } from '@openim/protocol';
import { ImError } from '../common/errors/im-error';
import { Caller, CurrentCaller, ImRequest } from '../common/http/caller';
import { isProtobuf } from '../common/http/body';
import { ApiRoute } from '../common/http/route';
import { Heavy } from '../common/limits/heavy.interceptor';
import { validateAs } from '../common/http/validation';
import { JssdkConversationsResp, JssdkGetActiveConversationsReq, JssdkGetConversationsReq } from './jssdk.dto';
import { JssdkService } from './jssdk.service';

/** JSON by default; with a protobuf Content-Type the request is protobuf and `data` the base64 protobuf answer. */
@ApiTags('jssdk')
@ApiSecurity('token')
@Controller('jssdk')
export class JssdkController {
  constructor(private readonly jssdk: JssdkService) {}

  @Heavy()
  @ApiRoute('get_conversations', {
    summary: "The caller's conversations among those listed, with last messages",
    resp: JssdkConversationsResp,
  })
  @ApiBody({ type: JssdkGetConversationsReq })
  async getConversations(@CurrentCaller() caller: Caller, @Req() req: ImRequest): Promise<unknown> {
    if (isProtobuf(req)) {
      const body = decodeProtobuf(PbCoder.GetConversationsReq, req);
      if (body.conversationIDs.length > 1000) throw ImError.args('conversationIDs must not have more than 1000 IDs');
      return this.jssdk.toProtobuf(await this.jssdk.conversations(caller, body.conversationIDs));
    }
    const body = validateAs(JssdkGetConversationsReq, jsonBody(req));
    return this.jssdk.toJson(await this.jssdk.conversations(caller, body.conversationIDs));
  }

  @Heavy()
  @ApiRoute('get_active_conversations', {
    summary: "The caller's most recent conversations, pinned first",
    resp: JssdkConversationsResp,
  })
  @ApiBody({ type: JssdkGetActiveConversationsReq })
  async getActiveConversations(@CurrentCaller() caller: Caller, @Req() req: ImRequest): Promise<unknown> {
    if (isProtobuf(req)) {
      const body = decodeProtobuf(PbCoder.GetActiveConversationsReq, req);
      return this.jssdk.toProtobuf(await this.jssdk.active(caller, body.count));
    }
    const body = validateAs(JssdkGetActiveConversationsReq, jsonBody(req));
    return this.jssdk.toJson(await this.jssdk.active(caller, body.count));
  }
}

/** The protobuf request; bytes that do not decode are a bad request (1001), not a server error. */
function decodeProtobuf<T>(coder: { decode(input: Uint8Array): T }, req: ImRequest): T {
  const bytes = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
  try {
    return coder.decode(bytes);
  } catch (e) {
    throw ImError.args(`request body is not valid protobuf: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function jsonBody(req: ImRequest): object {
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) throw ImError.args(`unsupported Content-Type ${type}`);
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ImError.args('request body must be a JSON object');
  }
  return body;
}
