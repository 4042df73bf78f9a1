import { Body, Controller } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/decorators/access';
import { ApiRoute } from '../common/http/route';
import { UserRegisterCountReq, UserRegisterCountResp } from './user-statistics.dto';
import { UserService } from './user.service';

@ApiTags('statistics')
@ApiSecurity('token')
@AdminOnly()
@Controller('statistics/user')
export class UserStatisticsController {
  constructor(private readonly users: UserService) {}

  @ApiRoute('register', { summary: 'Registrations per UTC day in [start, end) (admin)', resp: UserRegisterCountResp })
  register(@Body() req: UserRegisterCountReq): Promise<UserRegisterCountResp> {
    return this.users.registrationStats(req);
  }
}
