import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ImError } from '../errors/im-error';
import { fastValidate } from './fast-validate';

function describe(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      const first = Object.values(e.constraints)[0];
      out.push(`${path}: ${first}`);
    }
    if (e.children?.length) out.push(...describe(e.children, path));
  }
  return out;
}

/** Formats class-validator errors as one 1001 detail naming each field by its path (`users.0.userID: ...`). */
export function validationDetail(errors: ValidationError[]): string {
  return describe(errors).slice(0, 5).join('; ') || 'invalid request';
}

/**
 * The global validation: DTO classes with class-validator rules; unknown properties dropped (the reference
 * ignores them too); no implicit type conversion, so a quoted number is refused like in the reference server.
 */
export class ImValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => ImError.args(validationDetail(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && !this.isPlainBody(value)) {
      throw ImError.args('request body must be a JSON object');
    }
    if (metadata.type === 'body' && metadata.metatype) {
      stripProtoKeys(value as object);
      const dto = fastValidate(metadata.metatype as new () => object, value);
      if (dto) return dto;
    }
    return super.transform(value, metadata);
  }

  private isPlainBody(value: unknown): boolean {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const PROTO_KEYS = ['__proto__', 'prototype', 'constructor'];

/**
 * Removes the keys class-transformer would take for the object's class (a `constructor` key made it throw, a 500),
 * as the base pipe does before it transforms (so the fast path sees what it would); iterative, so a deep value cannot overflow the stack.
 */
function stripProtoKeys(value: object): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    for (const k of PROTO_KEYS) if (Object.hasOwn(v, k)) delete (v as Record<string, unknown>)[k];
    for (const item of Object.values(v)) stack.push(item);
  }
}

/** Validates a plain object as a DTO outside the pipe (e.g. the flat form of a request); 1001 on failure. */
export function validateAs<T extends object>(cls: new () => T, value: object, path = ''): T {
  stripProtoKeys(value);
  const fast = fastValidate(cls, value);
  if (fast) return fast;
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) {
    const detail = validationDetail(errors);
    throw ImError.args(path ? `${path}.${detail}` : detail);
  }
  return instance;
}
