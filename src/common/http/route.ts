import { applyDecorators, HttpCode, Post, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class EnvelopeDoc {
  @ApiProperty({ example: 0, description: '0 on success, else an error code' })
  errCode!: number;

  @ApiProperty({ example: '', description: 'error name, empty on success' })
  errMsg!: string;

  @ApiProperty({ example: '', description: 'error detail, empty on success' })
  errDlt!: string;
}

export interface RouteOpts {
  summary: string;
  /** the DTO class of `data`; omitted = `{}` */
  resp?: Type<unknown>;
  description?: string;
}

/** A POST API route: HTTP 200 and its Swagger entry with the `{errCode, errMsg, errDlt, data}` envelope. */
export function ApiRoute(path: string, opts: RouteOpts): MethodDecorator {
  const data = opts.resp ? { $ref: getSchemaPath(opts.resp) } : { type: 'object', example: {} };
  const models = opts.resp ? [EnvelopeDoc, opts.resp] : [EnvelopeDoc];
  return applyDecorators(
    Post(path),
    HttpCode(200),
    ApiOperation({ summary: opts.summary, description: opts.description }),
    ApiExtraModels(...models),
    ApiOkResponse({ schema: { allOf: [{ $ref: getSchemaPath(EnvelopeDoc) }, { properties: { data } }] } }),
  );
}
