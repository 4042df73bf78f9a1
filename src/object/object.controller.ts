import { Body, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, RawResponse } from '../common/decorators/access';
import { ErrCode } from '../common/errors/errcode';
import { Caller, CurrentCaller } from '../common/http/caller';
import { fail } from '../common/http/envelope';
import { ApiRoute } from '../common/http/route';
import {
  AccessURLReq,
  AccessURLResp,
  AuthSignReq,
  AuthSignResp,
  CompleteFormDataReq,
  CompleteMultipartUploadReq,
  InitiateFormDataReq,
  InitiateFormDataResp,
  InitiateMultipartUploadReq,
  InitiateMultipartUploadResp,
  PartLimitResp,
  PartSizeReq,
  PartSizeResp,
  UrlResp,
} from './object.dto';
import { requestBase } from './object-names';
import { ObjectAccessService } from './object-access.service';
import { ObjectService } from './object.service';

@ApiTags('object')
@ApiSecurity('token')
@Controller('object')
export class ObjectController {
  constructor(
    private readonly objects: ObjectService,
    private readonly access: ObjectAccessService,
  ) {}

  @ApiRoute('part_limit', { summary: 'Smallest and largest part, most parts', resp: PartLimitResp })
  partLimit(): PartLimitResp {
    return this.objects.partLimit();
  }

  @ApiRoute('part_size', { summary: 'The part size to split a file of this size by', resp: PartSizeResp })
  partSize(@Body() req: PartSizeReq): PartSizeResp {
    return { size: this.objects.partSize(req.size) };
  }

  @ApiRoute('initiate_multipart_upload', {
    summary: 'Start an upload (or, for a known hash, name the stored file at once); 1002 for a name of another user',
    resp: InitiateMultipartUploadResp,
  })
  initiate(
    @CurrentCaller() caller: Caller,
    @Body() req: InitiateMultipartUploadReq,
    @Req() http: Request,
  ): Promise<InitiateMultipartUploadResp> {
    return this.objects.initiate(caller, req, requestBase(http));
  }

  @ApiRoute('auth_sign', { summary: 'Signed PUT URLs for parts of an upload', resp: AuthSignResp })
  authSign(@CurrentCaller() caller: Caller, @Body() req: AuthSignReq, @Req() http: Request): Promise<AuthSignResp> {
    return this.objects.authSign(caller, req, requestBase(http));
  }

  @ApiRoute('complete_multipart_upload', {
    summary: 'Join the uploaded parts (their md5s must hash to the upload hash) and name the file',
    resp: UrlResp,
  })
  complete(
    @CurrentCaller() caller: Caller,
    @Body() req: CompleteMultipartUploadReq,
    @Req() http: Request,
  ): Promise<UrlResp> {
    return this.objects.complete(caller, req, requestBase(http));
  }

  @ApiRoute('access_url', { summary: 'A download URL of a named file (7 days)', resp: AccessURLResp })
  accessUrl(@Body() req: AccessURLReq, @Req() http: Request): Promise<AccessURLResp> {
    return this.access.accessUrl(req, requestBase(http));
  }

  @ApiRoute('initiate_form_data', { summary: 'A browser form upload (POST)', resp: InitiateFormDataResp })
  initiateFormData(
    @CurrentCaller() caller: Caller,
    @Body() req: InitiateFormDataReq,
    @Req() http: Request,
  ): Promise<InitiateFormDataResp> {
    return this.access.initiateFormData(caller, req, requestBase(http));
  }

  @ApiRoute('complete_form_data', { summary: 'Name the file a form upload stored; 90007 size mismatch', resp: UrlResp })
  completeFormData(
    @CurrentCaller() caller: Caller,
    @Body() req: CompleteFormDataReq,
    @Req() http: Request,
  ): Promise<UrlResp> {
    return this.access.completeFormData(caller, req, requestBase(http));
  }

  /** No token: the URLs the other routes return point here, and browsers follow them as they are. */
  @Get('*name')
  @Public()
  @RawResponse()
  @ApiOperation({
    summary: 'No token: HTTP 302 to a presigned download URL of the named file (404 unknown name)',
    security: [],
  })
  @ApiParam({ name: 'name', description: 'the object name, as the URL the other routes return has it' })
  async redirect(@Req() http: Request, @Res() res: Response): Promise<void> {
    let name: string;
    try {
      name = http.path
        .replace(/^\/object\//, '')
        .split('/')
        .map(decodeURIComponent)
        .join('/');
    } catch {
      return void res.status(400).json(fail(ErrCode.Args, 'the name is not URL-encoded correctly'));
    }
    const url = await this.access.redirectTarget(name, requestBase(http));
    if (!url) return void res.status(404).json(fail(ErrCode.RecordNotFound, `object ${name} does not exist`));
    res.redirect(302, url);
  }
}
