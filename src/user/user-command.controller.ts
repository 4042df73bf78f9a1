import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import {
  ProcessUserCommandAddReq,
  ProcessUserCommandDeleteReq,
  ProcessUserCommandGetAllReq,
  ProcessUserCommandGetReq,
  ProcessUserCommandGetResp,
  ProcessUserCommandUpdateReq,
} from './user-command.dto';
import { UserCommandService } from './user-command.service';

@ApiTags('user')
@ApiSecurity('token')
@Controller('user')
export class UserCommandController {
  constructor(private readonly commands: UserCommandService) {}

  @ApiRoute('process_user_command_add', { summary: 'Add (or replace) a user record of a kind' })
  async add(@CurrentCaller() caller: Caller, @Body() req: ProcessUserCommandAddReq): Promise<void> {
    await this.commands.add(caller, req);
  }

  @ApiRoute('process_user_command_delete', { summary: 'Delete a user record' })
  async delete(@CurrentCaller() caller: Caller, @Body() req: ProcessUserCommandDeleteReq): Promise<void> {
    await this.commands.delete(caller, req);
  }

  @ApiRoute('process_user_command_update', { summary: 'Update the value or ex of a user record' })
  async update(@CurrentCaller() caller: Caller, @Body() req: ProcessUserCommandUpdateReq): Promise<void> {
    await this.commands.update(caller, req);
  }

  @ApiRoute('process_user_command_get', { summary: 'The user records of one kind', resp: ProcessUserCommandGetResp })
  get(@CurrentCaller() caller: Caller, @Body() req: ProcessUserCommandGetReq): Promise<ProcessUserCommandGetResp> {
    return this.commands.get(caller, req);
  }

  @ApiRoute('process_user_command_get_all', { summary: 'All user records of a user', resp: ProcessUserCommandGetResp })
  getAll(
    @CurrentCaller() caller: Caller,
    @Body() req: ProcessUserCommandGetAllReq,
  ): Promise<ProcessUserCommandGetResp> {
    return this.commands.get(caller, req);
  }
}
