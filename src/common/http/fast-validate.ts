import { getMetadataStorage, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { MetadataStorage as TransformStorage } from 'class-transformer/types/MetadataStorage';

/*
 * The DTO rules, run without class-validator's per-call machinery (metadata lookups, grouping, error objects): a
 * DTO class is compiled once into a list of its properties with their constraint instances, and a valid body is
 * turned into the same instance class-transformer + class-validator would give (unknown keys dropped). It only
 * ever *accepts*: anything invalid, or a class using a feature not compiled here, answers `undefined` and the
 * caller runs class-validator itself, whose errors name the field. The constraints' own `validate` functions are
 * called, so a rule means exactly what it means under class-validator.
 */

// class-transformer exports its metadata storage only from this module (typed under types/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformStorage })
  .defaultMetadataStorage;

type DtoClass = new () => object;

interface Check {
  instance: ValidatorConstraintInterface;
  constraints: unknown[];
  each: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
}

interface Prop {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  checks: Check[];
  /** the class of a nested DTO (ValidateNested + Type) */
  nested?: DtoClass;
}

interface Compiled {
  cls: DtoClass;
  props: Prop[];
  names: ReadonlySet<string>;
}

const compiled = new WeakMap<DtoClass, Compiled | null>();

/** The class compiled, or null when it uses anything this does not reproduce exactly. */
function compile(cls: DtoClass): Compiled | null {
  if (compiled.has(cls)) return compiled.get(cls)!;
  compiled.set(cls, null); // a class nested in itself stays on the slow path
  const result = build(cls);
  compiled.set(cls, result);
  return result;
}

function build(cls: DtoClass): Compiled | null {
  const storage = getMetadataStorage();
  const metas = storage.getTargetValidationMetadatas(cls, '', false, false);
  if (!metas.length) return null; // class-validator refuses it (forbidUnknownValues)
  if (transformStorage.getStrategy(cls) !== 'none') return null; // @Expose / @Exclude
  const props = new Map<string, Prop>();
  for (const m of metas) {
    if (m.groups?.length || m.always || m.context) return null;
    const prop = props.get(m.propertyName) ?? { name: m.propertyName, conditions: [], checks: [] };
    props.set(m.propertyName, prop);
    if (transformStorage.findTransformMetadatas(cls, m.propertyName, 0 /* PLAIN_TO_CLASS */).length) return null;
    if (m.type === 'conditionalValidation') {
      prop.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (m.type === 'customValidation') {
      for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
        if (c.async) return null;
        prop.checks.push({
          instance: c.instance,
          constraints: m.constraints as unknown[],
          each: m.each,
          validateIf: m.validateIf as Check['validateIf'],
        });
      }
    } else if (m.type === 'nestedValidation') {
      const type = transformStorage.findTypeMetadata(cls, m.propertyName);
      if (!type?.typeFunction || type.options?.discriminator) return null;
      const nestedCls = type.typeFunction() as DtoClass;
      if (!compile(nestedCls)) return null;
      prop.nested = nestedCls;
    } else {
      return null;
    }
  }
  // a @Type on a property that is not validated as nested would convert its value: not reproduced here
  for (const p of props.values()) if (!p.nested && transformStorage.findTypeMetadata(cls, p.name)) return null;
  return { cls, props: [...props.values()], names: new Set(props.keys()) };
}

/** The DTO instance of a valid plain object, or undefined (invalid, or not decidable here: use class-validator). */
export function fastValidate<T extends object>(cls: new () => T, plain: unknown): T | undefined {
  const c = compile(cls);
  if (!c || !isPlainObject(plain)) return undefined;
  return run(c, plain) as T | undefined;
}

/**
 * An object as JSON.parse makes it (a Buffer of a protobuf body, or any class instance, is not one), from any
 * realm (the tests' JSON is not the process' own).
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  return (
    proto === Object.prototype ||
    (proto !== null && Object.getPrototypeOf(proto) === null && proto.constructor?.name === 'Object')
  );
}

/** class-validator's reading of a constraint's answer: truthy passes; a promise is not decided here. */
function accepted(answer: unknown): boolean {
  if (!answer) return false;
  return typeof (answer as { then?: unknown }).then !== 'function';
}

function run(c: Compiled, plain: Record<string, unknown>): object | undefined {
  const target = new c.cls() as Record<string, unknown>;
  for (const p of c.props) {
    if (!Object.hasOwn(plain, p.name)) continue;
    const value = p.nested ? toNested(p.nested, plain[p.name]) : plain[p.name];
    if (value === INVALID) return undefined;
    target[p.name] = value;
  }
  // whitelist: own properties without rules (e.g. field initialisers) are dropped, as class-validator does
  for (const key of Object.keys(target)) if (!c.names.has(key)) delete target[key];
  for (const p of c.props) if (!passes(target, p)) return undefined;
  return target;
}

const INVALID = Symbol('invalid');

/** A nested value converted to its class (lists element by element); null and undefined stay as they are. */
function toNested(cls: DtoClass, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const nested = compile(cls)!;
  if (Array.isArray(value)) {
    const out: object[] = [];
    for (const item of value) {
      const converted = isPlainObject(item) ? run(nested, item) : undefined;
      if (!converted) return INVALID;
      out.push(converted);
    }
    return out;
  }
  return isPlainObject(value) ? (run(nested, value) ?? INVALID) : INVALID;
}

function passes(object: Record<string, unknown>, p: Prop): boolean {
  const value = object[p.name];
  for (const condition of p.conditions) if (!condition(object, value)) return true;
  // ValidateNested refuses anything but an object or a list (toNested converted those, or refused them)
  if (p.nested && value !== undefined && (value === null || typeof value !== 'object')) return false;
  for (const check of p.checks) {
    if (check.validateIf && !check.validateIf(object, value)) continue;
    const args: ValidationArguments = {
      targetName: object.constructor.name,
      property: p.name,
      object,
      value,
      constraints: check.constraints,
    };
    if (check.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      for (const item of Array.isArray(value) ? value : [...value.values()]) {
        if (!accepted(check.instance.validate(item, args))) return false;
      }
    } else if (!accepted(check.instance.validate(value, args))) {
      return false;
    }
  }
  return true;
}
