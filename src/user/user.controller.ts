import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  AccountCheckReq,
  AccountCheckResp,
  GetAllUsersIDReq,
  GetAllUsersIDResp,
  GetUsersInfoReq,
  GetUsersInfoResp,
  GetUsersReq,
  GetUsersResp,
  SetGlobalRecvMessageOptReq,
  UpdateUserInfoExReq,
  UpdateUserInfoReq,
  UserRegisterReq,
} from './user.dto';
import { UserService } from './user.service';

@ApiTags('user')
@ApiSecurity('token')
@Controller('user')
export class UserController {
  constructor(private readonly users: UserService) {}

  @ApiRoute('user_register', { summary: 'Register users (admin), 1–1000 at once, all or none' })
  @AdminOnly()
  async register(@Body() req: UserRegisterReq): Promise<void> {
    await this.users.register(req);
  }

  @ApiRoute('update_user_info', { summary: 'Update a user (deprecated: empty values are ignored)' })
  async updateUserInfo(@CurrentCaller() caller: Caller, @Body() req: UpdateUserInfoReq): Promise<void> {
    await this.users.updateUserInfo(caller, req);
  }

  @ApiRoute('update_user_info_ex', { summary: 'Update a user; absent or null fields are unchanged' })
  async updateUserInfoEx(@CurrentCaller() caller: Caller, @Body() req: UpdateUserInfoExReq): Promise<void> {
    await this.users.updateUserInfoEx(caller, req);
  }

  @ApiRoute('set_global_msg_recv_opt', { summary: "Set a user's global message receive option" })
  async setGlobalRecvMsgOpt(@CurrentCaller() caller: Caller, @Body() req: SetGlobalRecvMessageOptReq): Promise<void> {
    await this.users.setGlobalRecvMsgOpt(caller, req);
  }

  @ApiRoute('get_users_info', { summary: 'Public info of up to 1000 users', resp: GetUsersInfoResp })
  async getUsersInfo(@Body() req: GetUsersInfoReq): Promise<GetUsersInfoResp> {
    return { usersInfo: await this.users.getUsersInfo(req.userIDs) };
  }

  @ApiRoute('get_all_users_uid', { summary: 'Page through all user IDs (admin)', resp: GetAllUsersIDResp })
  @AdminOnly()
  getAllUsersID(@Body() req: GetAllUsersIDReq): Promise<GetAllUsersIDResp> {
    return this.users.getAllUserIDs(req);
  }

  @ApiRoute('account_check', { summary: 'Which user IDs are registered (admin)', resp: AccountCheckResp })
  @AdminOnly()
  accountCheck(@Body() req: AccountCheckReq): Promise<AccountCheckResp> {
    return this.users.accountCheck(req);
  }

  @ApiRoute('get_users', {
    summary: 'Page through app users, optionally searching ID or nickname (admin)',
    resp: GetUsersResp,
  })
  @AdminOnly()
  getUsers(@Body() req: GetUsersReq): Promise<GetUsersResp> {
    return this.users.getUsers(req);
  }
}
