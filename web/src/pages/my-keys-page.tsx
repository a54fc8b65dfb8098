// Profile → API keys: a developer's own keys, with generate, rename, rotate and delete.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey, KeyWithSecret, TenantSettings } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { GenerateKeyDialog } from '../components/generate-key-dialog';
import { KeyBlocker, type Blocker } from '../components/key-blocker';
import { RenameKeyDialog, RotateKeyDialog } from '../components/key-edit-dialogs';
import { ListTable } from '../components/list-table';
import { PageHeader } from '../components/page-header';
import { NewKeyDialog } from '../components/new-key-dialog';
import { ManagementBadge } from '../components/key-badges';
import { StatusBadge } from '../components/status-badge';
import { LeakedMark } from '../components/leak-notice';
import { ImportedBadge } from '../components/imported-badge';
import { Time } from '../components/time';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';
import { Link } from '../router';
import { useTenant, type TenantAccess } from '../session';

type Open =
  | { kind: 'generate' }
  | { kind: 'secret'; created: KeyWithSecret }
  | { kind: 'rename' | 'rotate' | 'delete'; key: ApiKey }
  | { kind: 'deleteAll' }
  | null;

/** Why this person cannot generate keys here, if anything stops them before the server is asked. */
function blocker(tenant: TenantAccess, settings: TenantSettings | undefined): Blocker | null {
  if (settings && !settings.apiKeysEnabled) return 'API_KEYS_DISABLED';
  if (!tenant.isDeveloper) return 'NOT_DEVELOPER';
  if (!tenant.licensed) return 'NOT_LICENSED';
  return null;
}

export function MyKeysPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const tid = tenant.tenantId;
  const [extra, setExtra] = useState<ApiKey[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const settings = useAsync(() => api.getSettings(tid), [tid]);
  const resources = useAsync(() => api.listAllResources(tid), [tid]);
  const keys = useAsync(async () => {
    const page = await api.listKeys(tid, { owner: 'me', sort: '-createdAt', limit: 50 });
    setExtra([]);
    setCursor(page.nextCursor);
    return page.items;
  }, [tid]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const stop = blocker(tenant, settings.data);
  const list = [...(keys.data ?? []), ...extra];
  const activeCount = list.filter((k) => k.status === 'active').length;

  async function loadMore() {
    if (!cursor) return;
    setMoreError(null);
    try {
      const page = await api.listKeys(tid, { owner: 'me', sort: '-createdAt', limit: 50, cursor });
      setExtra((items) => [...items, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setMoreError(failure);
    }
  }

  function showSecret(created: KeyWithSecret) {
    setOpen({ kind: 'secret', created });
    keys.reload();
  }

  return (
    <>
      <PageHeader
        title={t('myKeys.title')}
        intro={t('myKeys.intro', { tenant: tenant.tenantName })}
        actions={
          <>
            <button type="button" className="button button-primary" disabled={!!stop || !settings.data} onClick={() => setOpen({ kind: 'generate' })}>
              {t('myKeys.generate')}
            </button>
            {tenant.isDeveloper && list.length > 0 && (
              <button type="button" className="button button-danger-outline" onClick={() => setOpen({ kind: 'deleteAll' })}>
                {t('myKeys.deleteAll')}
              </button>
            )}
          </>
        }
      />
      {stop && <KeyBlocker stop={stop} />}
      {settings.data && !stop && (
        <p className="hint">
          {t('myKeys.limit', { active: activeCount, max: settings.data.maxActiveKeysPerUser })}{' '}
          {settings.data.maxExpiryDays === null ? t('generate.noMax') : t('generate.max', { count: settings.data.maxExpiryDays })}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      <ListTable
        rows={keys.data && list}
        loading={keys.loading}
        error={keys.error}
        onRetry={keys.reload}
        empty={t('myKeys.empty')}
        caption={t('myKeys.caption')}
        head={
          <tr>
            <th scope="col">{t('keys.col.name')}</th>
            <th scope="col">{t('keys.col.start')}</th>
            <th scope="col">{t('keys.col.status')}</th>
            <th scope="col">{t('keys.col.createdAt')}</th>
            <th scope="col">{t('keys.col.expiresAt')}</th>
            <th scope="col">{t('keys.col.lastUsedAt')}</th>
            <th scope="col" className="num">{t('keys.col.usage')}</th>
            <th scope="col">{t('keys.col.actions')}</th>
          </tr>
        }
      >
        {list.map((key) => (
          <tr key={key.id}>
            <td>
              <Link to={`/keys/${encodeURIComponent(key.id)}`}>{key.name}</Link> <ImportedBadge imported={key.imported} />
              <ManagementBadge management={key.management} />
              {key.description && key.description !== key.name && <div className="muted">{key.description}</div>}
            </td>
            <td><code>{key.start}…</code></td>
            <td><StatusBadge status={key.status} /> <LeakedMark leakedAt={key.leakedAt} /></td>
            <td><Time iso={key.createdAt} /></td>
            <td><Time iso={key.expiresAt} /></td>
            <td><Time iso={key.lastUsedAt} /></td>
            <td className="num">{format.number(key.usageCount)}</td>
            <td className="actions">
              <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'rename', key })}>
                {t('myKeys.rename')}<span className="visually-hidden"> {key.name}</span>
              </button>
              {key.status === 'active' && !key.rotatedTo && (
                <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'rotate', key })}>
                  {t('myKeys.rotate')}<span className="visually-hidden"> {key.name}</span>
                </button>
              )}
              <button type="button" className="button button-small button-danger-outline" onClick={() => setOpen({ kind: 'delete', key })}>
                {t('myKeys.delete')}<span className="visually-hidden"> {key.name}</span>
              </button>
            </td>
          </tr>
        ))}
      </ListTable>
      {cursor && (
        <button type="button" className="button" onClick={loadMore}>
          {t('common.loadMore')}
        </button>
      )}
      <ErrorAlert error={moreError} />

      {open?.kind === 'generate' && settings.data && (
        <GenerateKeyDialog tenantId={tid} settings={settings.data} resources={resources.data ?? []} onCreated={showSecret} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'secret' && (
        <NewKeyDialog tenantId={tid} created={open.created} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'rename' && (
        <RenameKeyDialog
          tenantId={tid}
          apiKey={open.key}
          onSaved={() => {
            setOpen(null);
            setNotice(t('myKeys.renamed'));
            keys.reload();
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'rotate' && <RotateKeyDialog tenantId={tid} apiKey={open.key} onRotated={showSecret} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('myKeys.deleteTitle', { name: open.key.name })}
          confirmLabel={t('myKeys.deleteConfirm')}
          danger
          onConfirm={async () => {
            await api.deleteKey(tid, open.key.id);
            setNotice(t('myKeys.deleted', { name: open.key.name }));
            keys.reload();
          }}
          onClose={() => setOpen(null)}
        >
          <p>{t('myKeys.deleteWarning')}</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'deleteAll' && (
        <ConfirmDialog
          title={t('myKeys.deleteAllTitle')}
          confirmLabel={t('myKeys.deleteAllConfirm', { count: list.length })}
          danger
          onConfirm={async () => {
            await api.deleteOwnKeys(tid);
            setNotice(t('myKeys.deletedAll'));
            keys.reload();
          }}
          onClose={() => setOpen(null)}
        >
          <p>{t('myKeys.deleteAllWarning', { tenant: tenant.tenantName })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
