// One error handler: KeywardenError → the contract's body; Fastify's own 4xx → the matching code;
// anything else → 500 INTERNAL with the request id, the detail kept for the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { KeywardenError, type FieldError, notFound, payloadTooLarge, unsupportedMediaType, validationFailed, internal } from '../errors.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue): string {
  const base = issue.instancePath;
  if (issue.keyword === 'required') return `${base}/${String(issue.params.missingProperty)}`;
  if (issue.keyword === 'additionalProperties') return `${base}/${String(issue.params.additionalProperty)}`;
  return base || '';
}

function messageOf(issue: AjvIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum') return `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  return issue.message ?? 'is invalid';
}

export function toValidationError(issues: AjvIssue[], part: string | undefined): KeywardenError {
  // An anyOf/oneOf failure repeats what its branches said more precisely; keep it only when alone.
  const specific = issues.filter((i) => i.keyword !== 'anyOf' && i.keyword !== 'oneOf');
  if (specific.length > 0) issues = specific;
  const seen = new Set<string>();
  const details: FieldError[] = issues.map((i) => ({ field: fieldOf(i), message: messageOf(i) }))
    .filter((d) => !seen.has(`${d.field} ${d.message}`) && !!seen.add(`${d.field} ${d.message}`));
  const where = part === 'querystring' ? 'query' : part === 'params' ? 'path' : 'request body';
  const first = details[0];
  return validationFailed(`Invalid ${where}${first ? `: ${first.field || '(root)'} ${first.message}` : ''}.`, details);
}

function translate(error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }): KeywardenError | null {
  if (error instanceof KeywardenError) return error;
  if (error.validation) return toValidationError(error.validation, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType();
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return validationFailed('The request body is not valid JSON.');
  }
  if (error instanceof SyntaxError) return validationFailed('The request body is not valid JSON.');
  if (error.statusCode === 404) return notFound('resource');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return validationFailed('The request is malformed.');
  }
  return null;
}

/** The contract's error body for an error of the catalogue. */
export function errorBody(error: KeywardenError) {
  const { details, quota, reason } = error.extra;
  return { error: { code: error.code, message: error.message, ...(details && { details }), ...(quota && { details: quota }), ...(reason && { reason }) } };
}

export function sendError(reply: FastifyReply, error: KeywardenError): FastifyReply {
  const { retryAfterSeconds } = error.extra;
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, retryAfterSeconds)));
  return reply.status(error.status).send(errorBody(error));
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = translate(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, known);
  }
  request.log.error({ err: error, reqId: request.id }, 'unexpected error');
  const body = internal();
  return reply.status(500).send({ error: { code: body.code, message: `Internal error (request ${request.id}).` } });
}
