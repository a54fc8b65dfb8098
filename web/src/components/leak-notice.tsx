// A key reported as leaked (POST /leaks, GitHub secret scanning): the notice on its page and the
// mark in key lists. The reported URL is a link only when it is http or https, and never passes
// this page on to it (rel=noopener noreferrer): the place a key leaked is not to be trusted.
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../api/types';
import { useFormat } from '../i18n/format';

/** The URL when it is http(s), else null (a `javascript:` URL must never become a link). */
export function httpUrlOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The small "leaked" badge of key lists; nothing for a key never reported. */
export function LeakedMark({ leakedAt }: { leakedAt: string | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!leakedAt) return null;
  return (
    <span className="badge badge-revoked" title={t('leaks.reportedAt', { at: format.dateTime(leakedAt) })}>
      {t('leaks.badge')}
    </span>
  );
}

/** The key page's notice: when it was reported, where, and what the report pointed to. */
export function LeakNotice({ apiKey }: { apiKey: Pick<ApiKey, 'leakedAt' | 'leak' | 'status'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!apiKey.leakedAt) return null;
  const leak = apiKey.leak;
  const link = httpUrlOf(leak?.url);
  return (
    <section className="alert alert-error" aria-labelledby="leak-heading">
      <p className="alert-title" id="leak-heading">
        <span className="badge badge-revoked">{t('leaks.badge')}</span> {t('leaks.title')}
      </p>
      <p>{t('leaks.reportedAt', { at: format.dateTime(apiKey.leakedAt) })}</p>
      {leak?.source && <p>{t('leaks.source')}: {leak.source}</p>}
      {leak?.url && (
        <p>
          {t('leaks.url')}:{' '}
          {link ? <a href={link} target="_blank" rel="noopener noreferrer">{leak.url}</a> : <code>{leak.url}</code>}
        </p>
      )}
      {leak && leak.count > 1 && <p>{t('leaks.count', { count: leak.count })}</p>}
      <p>{apiKey.status === 'revoked' ? t('leaks.revoked') : t('leaks.stillActive')}</p>
    </section>
  );
}
