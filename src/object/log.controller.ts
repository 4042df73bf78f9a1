import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { Caller, CurrentCaller } from '../common/http/caller';
import { ApiRoute } from '../common/http/route';
import { DeleteLogsReq, SearchLogsReq, SearchLogsResp, UploadLogsReq } from './log.dto';
import { LogService } from './log.service';

@ApiTags('third')
@ApiSecurity('token')
@Controller('third/logs')
export class LogController {
  constructor(private readonly logs: LogService) {}

  @ApiRoute('upload', { summary: "Record the caller's uploaded log files (one log per file)" })
  async upload(@CurrentCaller() caller: Caller, @Body() req: UploadLogsReq): Promise<void> {
    await this.logs.upload(caller, req);
  }

  @ApiRoute('delete', { summary: 'Delete logs: own ones, or any as an admin; 1004 lists the missing' })
  async delete(@CurrentCaller() caller: Caller, @Body() req: DeleteLogsReq): Promise<void> {
    await this.logs.delete(caller, req);
  }

  @ApiRoute('search', { summary: 'Search logs by userID part and time, newest first', resp: SearchLogsResp })
  @AdminOnly()
  search(@Body() req: SearchLogsReq): Promise<SearchLogsResp> {
    return this.logs.search(req);
  }
}
