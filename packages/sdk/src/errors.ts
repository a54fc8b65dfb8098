// The contract's error body, `{error: {code, message, details?, reason?}}`, as an exception.

export interface ErrorDetail { field: string; message: string }

export class KeywardenError extends Error {
  override readonly name = 'KeywardenError';
  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** `NOT_FOUND`, `FORBIDDEN`, `KEY_LIMIT_REACHED`, … (`UNREACHABLE` without an answer). */
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** With 401 for a key that does not verify: its verify code, e.g. `REVOKED`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
