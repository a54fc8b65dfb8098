// The contract validates bodies strictly (no coercion, no removal of unknown fields) and converts
// query strings and path parameters to their declared types, since on the wire they are strings.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true, ...options });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const strict = makeAjv({ coerceTypes: false, removeAdditional: false });
const coercing = makeAjv({ coerceTypes: 'array', removeAdditional: false });

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<any>>;
};

/** A body validator outside Fastify (the verify fast path), compiled exactly as the route's is. */
export function compileBodyValidator(schema: object): ValidateFunction {
  return strict.compile(schema);
}
