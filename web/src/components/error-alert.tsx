// Turns an API error into a sentence in the chosen language, keeping the server's own message.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

const KNOWN = new Set([
  'VALIDATION_FAILED', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'FORBIDDEN', 'API_KEYS_DISABLED',
  'NOT_DEVELOPER', 'NOT_LICENSED', 'CSRF_FAILED', 'NOT_FOUND', 'EMAIL_TAKEN', 'NAME_TAKEN', 'NOT_ACTIVE',
  'KEY_LIMIT_REACHED', 'LAST_ADMIN', 'IN_USE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE',
  'EXPIRY_TOO_LONG', 'RATE_LIMITED', 'INTERNAL', 'NOT_READY', 'NETWORK',
]);

export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    return KNOWN.has(error.code) ? t(`errors.${error.code}`) : t('errors.unknown', { status: error.status });
  }
  return t('errors.unexpected');
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const details = apiError?.details ?? [];
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{errorText(t, error)}</p>
      {apiError && apiError.message && apiError.code !== 'NETWORK' && (
        <p className="alert-detail">
          {t('errors.serverSaid')} <q lang="en">{apiError.message}</q>
        </p>
      )}
      {details.length > 0 && (
        <ul className="alert-detail">
          {details.map((d) => (
            <li key={d.field + d.message}>
              <code>{d.field}</code>: <span lang="en">{d.message}</span>
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
