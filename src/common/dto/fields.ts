import { applyDecorators, Type as Cls } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INT32_MAX, INT32_MIN, Storable } from './storable';

/*
 * One decorator per field kind: validation (class-validator), transformation and the Swagger schema together,
 * so DTOs stay one line per field and the docs cannot drift from the rules.
 */

interface Common {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

function doc(opts: Common, extra: Record<string, unknown> = {}): PropertyDecorator {
  const meta = { description: opts.description, example: opts.example, ...extra };
  return opts.optional ? ApiPropertyOptional(meta) : ApiProperty({ ...meta, required: true });
}

function presence(opts: Common): PropertyDecorator[] {
  return opts.optional ? [IsOptional()] : [];
}

export interface StrOpts extends Common {
  /** refuse "" (the default for required strings) */
  nonEmpty?: boolean;
  max?: number;
  pattern?: RegExp;
  patternMessage?: string;
}

export function Str(opts: StrOpts = {}): PropertyDecorator {
  const nonEmpty = opts.nonEmpty ?? !opts.optional;
  const decorators = [...presence(opts), IsString(), Storable(), doc(opts, { type: String, maxLength: opts.max })];
  if (nonEmpty) decorators.push(IsNotEmpty());
  if (opts.max) decorators.push(MaxLength(opts.max));
  if (opts.pattern) decorators.push(Matches(opts.pattern, { message: opts.patternMessage }));
  return applyDecorators(...decorators);
}

export interface IntOpts extends Common {
  min?: number;
  max?: number;
  /** stored in an int4 column: within ±2^31 (else a safe integer, for int8 columns and exact arithmetic) */
  int32?: boolean;
  /** never stored, only compared (a 64-bit hash the clients send as a rounded number): 0 to 2^64 */
  uint64?: boolean;
}

/** The bounds of an integer field: the given ones, narrowed to what its column (and a JS number) holds exactly. */
function intRange(opts: IntOpts): { min: number; max: number } {
  const lo = opts.int32 ? INT32_MIN : opts.uint64 ? 0 : Number.MIN_SAFE_INTEGER;
  const hi = opts.int32 ? INT32_MAX : opts.uint64 ? 2 ** 64 : Number.MAX_SAFE_INTEGER;
  return { min: Math.max(opts.min ?? lo, lo), max: Math.min(opts.max ?? hi, hi) };
}

export function Int(opts: IntOpts = {}): PropertyDecorator {
  const { min, max } = intRange(opts);
  return applyDecorators(
    ...presence(opts),
    IsInt(),
    Min(min),
    Max(max),
    doc(opts, { type: Number, minimum: min, maximum: max }),
  );
}

export function Bool(opts: Common = {}): PropertyDecorator {
  return applyDecorators(...presence(opts), IsBoolean(), doc(opts, { type: Boolean }));
}

export interface ArrOpts extends Common {
  max?: number;
  /** at least one element (the default for required lists) */
  nonEmpty?: boolean;
  unique?: boolean;
  /** max length of each string element */
  itemMax?: number;
}

export function StrArr(opts: ArrOpts = {}): PropertyDecorator {
  const nonEmpty = opts.nonEmpty ?? !opts.optional;
  const decorators = [
    ...presence(opts),
    IsArray(),
    IsString({ each: true }),
    Storable(),
    doc(opts, { type: [String], maxItems: opts.max }),
  ];
  if (nonEmpty) decorators.push(ArrayMinSize(1));
  if (opts.max) decorators.push(ArrayMaxSize(opts.max));
  if (opts.unique) decorators.push(ArrayUnique({ message: '$property must not contain duplicates' }));
  if (opts.itemMax) decorators.push(MaxLength(opts.itemMax, { each: true }));
  return applyDecorators(...decorators);
}

export function IntArr(opts: ArrOpts & Pick<IntOpts, 'min' | 'int32'> = {}): PropertyDecorator {
  const nonEmpty = opts.nonEmpty ?? !opts.optional;
  // `max` is the list's length here; each element is bounded by its column only
  const range = intRange({ min: opts.min, int32: opts.int32 });
  const decorators = [
    ...presence(opts),
    IsArray(),
    IsInt({ each: true }),
    Min(range.min, { each: true }),
    Max(range.max, { each: true }),
    doc(opts, { type: [Number], maxItems: opts.max }),
  ];
  if (nonEmpty) decorators.push(ArrayMinSize(1));
  if (opts.max) decorators.push(ArrayMaxSize(opts.max));
  if (opts.unique) decorators.push(ArrayUnique({ message: '$property must not contain duplicates' }));
  return applyDecorators(...decorators);
}

/** A nested object validated by its own DTO class. */
export function Nested<T>(cls: () => Cls<T>, opts: Common = {}): PropertyDecorator {
  // Swagger resolves a lazy type only from a function named `type` (as this inline one is); `cls` itself is nameless
  return applyDecorators(...presence(opts), IsObject(), ValidateNested(), Type(cls), doc(opts, { type: () => cls() }));
}

/** A list of nested objects, each validated by its DTO class. */
export function NestedArr<T>(cls: () => Cls<T>, opts: ArrOpts = {}): PropertyDecorator {
  const nonEmpty = opts.nonEmpty ?? !opts.optional;
  const decorators = [
    ...presence(opts),
    IsArray(),
    ValidateNested({ each: true }),
    IsObject({ each: true }),
    Type(cls),
    doc(opts, { type: () => [cls()] }),
  ];
  if (nonEmpty) decorators.push(ArrayMinSize(1));
  if (opts.max) decorators.push(ArrayMaxSize(opts.max));
  return applyDecorators(...decorators);
}

/** Documentation only, for response DTO fields. */
export function Field(opts: Common & { type?: unknown; nullable?: boolean } = {}): PropertyDecorator {
  return ApiProperty({ ...opts, required: !opts.optional } as Record<string, unknown>);
}

/** A free-form JSON object (its shape checked elsewhere, e.g. message content by contentType; its strings here). */
export function Obj(opts: Common = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(opts),
    IsObject(),
    Storable(),
    doc(opts, { type: 'object', additionalProperties: true }),
  );
}
