import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValidationError } from './errors.js';

/**
 * One validation mechanism for every edge that is not a Fastify route (CLI, CSV import, station
 * payloads): TypeBox schemas, compiled once, with errors that name the offending field.
 */
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

export function compile<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema) as TypeCheck<T> | undefined;
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check as unknown as TypeCheck<TSchema>);
  }
  return check;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The errors of a value against a schema, each naming its field as a dotted path ('' = the whole value). */
export function fieldErrors<T extends TSchema>(schema: T, value: unknown, limit = 5): FieldError[] {
  const errors: FieldError[] = [];
  for (const e of compile(schema).Errors(value)) {
    errors.push({ field: e.path.replace(/^\//, '').replace(/\//g, '.'), message: e.message });
    if (errors.length >= limit) break;
  }
  return errors;
}

/** Returns the value typed by the schema, or throws VALIDATION_FAILED naming the first bad field. */
export function assertValid<T extends TSchema>(schema: T, value: unknown, what = 'input'): Static<T> {
  if (compile(schema).Check(value)) return value as Static<T>;
  const errors = fieldErrors(schema, value);
  const first = errors[0];
  const where = first?.field ? `${what}.${first.field}` : what;
  throw new ValidationError(`${where}: ${first?.message ?? 'is invalid'}`, { errors });
}
