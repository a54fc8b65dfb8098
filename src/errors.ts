// The catalogue of every error the API can answer: code, HTTP status and a human message.
// Services throw these; src/http/errors.ts turns them into the contract's error body.

export interface FieldError {
  field: string; // a JSON Pointer into the request (`/scopes/0/permission`)
  message: string;
}

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  API_KEYS_DISABLED: 403,
  NOT_DEVELOPER: 403,
  NOT_LICENSED: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  NAME_TAKEN: 409,
  NOT_ACTIVE: 409,
  KEY_LIMIT_REACHED: 409,
  // Only ever an item's code in an import's results (that hash is already imported), never an answer's status.
  KEY_EXISTS: 409,
  LAST_ADMIN: 409,
  IN_USE: 409,
  QUOTA_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EXPIRY_TOO_LONG: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** What an operator limits per tenant (KEYWARDEN_MAX_RESOURCES, KEYWARDEN_MAX_WEBHOOKS). */
export type Quota = 'resources' | 'webhooks';

export class KeywardenError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: FieldError[]; quota?: { quota: Quota; limit: number }; reason?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'KeywardenError';
    this.status = ERROR_STATUS[code];
  }
}

export const validationFailed = (message: string, details?: FieldError[]) =>
  new KeywardenError('VALIDATION_FAILED', message, details && details.length > 0 ? { details } : {});
export const fieldInvalid = (field: string, message: string) =>
  validationFailed(`${field.slice(1) || 'body'}: ${message}`, [{ field, message }]);
export const unauthenticated = (reason?: string) =>
  new KeywardenError(
    'UNAUTHENTICATED',
    reason ? `The API key does not verify (${reason}).` : 'Sign in or send a valid X-API-Key.',
    reason ? { reason } : {},
  );
export const invalidCredentials = () =>
  new KeywardenError('INVALID_CREDENTIALS', 'The email or password is wrong.');
export const forbidden = (message = 'You may not do this.') => new KeywardenError('FORBIDDEN', message);
export const apiKeysDisabled = () =>
  new KeywardenError('API_KEYS_DISABLED', 'API keys are switched off for this tenant.');
export const notDeveloper = () =>
  new KeywardenError('NOT_DEVELOPER', 'Only members with the developer role may manage their API keys.');
export const notLicensed = () =>
  new KeywardenError('NOT_LICENSED', 'A licence seat is needed to generate API keys.');
export const csrfFailed = () =>
  new KeywardenError('CSRF_FAILED', 'Cross-site request refused: send it from the console itself.');
export const notFound = (what: string) => new KeywardenError('NOT_FOUND', `No such ${what}.`);
export const emailTaken = () => new KeywardenError('EMAIL_TAKEN', 'A user with this email already exists.');
export const nameTaken = (what: string) =>
  new KeywardenError('NAME_TAKEN', `A ${what} with this name already exists.`);
export const notActive = (message = 'The key is not active.') => new KeywardenError('NOT_ACTIVE', message);
export const keyLimitReached = (limit: number) =>
  new KeywardenError('KEY_LIMIT_REACHED', `The owner already has the maximum of ${limit} active keys.`);
export const keyExists = () =>
  new KeywardenError('KEY_EXISTS', 'A key with this hash is already imported on this instance.');
export const lastAdmin = () =>
  new KeywardenError('LAST_ADMIN', 'A tenant must keep at least one tenant admin.');
export const inUse = (message: string) => new KeywardenError('IN_USE', message);
export const quotaReached = (quota: Quota, limit: number) =>
  new KeywardenError('QUOTA_REACHED', `This tenant already has the ${limit} ${quota} the operator allows.`, { quota: { quota, limit } });
export const payloadTooLarge = () => new KeywardenError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
export const unsupportedMediaType = () =>
  new KeywardenError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
export const expiryTooLong = (maxDays: number) =>
  new KeywardenError('EXPIRY_TOO_LONG', `The expiry is beyond this tenant's maximum of ${maxDays} days.`);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests; try again later.') =>
  new KeywardenError('RATE_LIMITED', message, { retryAfterSeconds });
export const signatureInvalid = () =>
  new KeywardenError('UNAUTHENTICATED', 'The request\'s signature is missing or does not verify.');
export const internal = () => new KeywardenError('INTERNAL', 'Internal error.');
