// Management console → API keys: every key of the tenant, to find, inspect and revoke.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey, BulkRevokeResult } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ImportKeysDialog } from '../components/import-keys-dialog';
import { ImportedBadge } from '../components/imported-badge';
import { GenerateForMember } from '../components/generate-for-member';
import { ManagementBadge } from '../components/key-badges';
import { CopyButton } from '../components/copy-button';
import { ListTable } from '../components/list-table';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { SortHeader } from '../components/sort-header';
import { StatusBadge } from '../components/status-badge';
import { LeakedMark } from '../components/leak-notice';
import { Time } from '../components/time';
import { useAsync, useDebounced } from '../hooks';
import { Link, useLocation } from '../router';
import { useTenant } from '../session';
import { useFormat } from '../i18n/format';

const PAGE_SIZE = 25;
const STATUSES = ['', 'active', 'expired', 'revoked'];

export function KeysPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const tid = tenant.tenantId;
  const { search } = useLocation();
  const [q, setQ] = useState(search.get('q') ?? '');
  const [status, setStatus] = useState(search.get('status') ?? '');
  const [owner, setOwner] = useState(search.get('owner') ?? '');
  const [sort, setSort] = useState(search.get('sort') ?? '-createdAt');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]); // one per page seen
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<{ keys: ApiKey[] } | null>(null);
  const [outcome, setOutcome] = useState<BulkRevokeResult | null>(null);
  const [importing, setImporting] = useState(false);
  const query = useDebounced(q.trim());
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    setCursors([undefined]);
    setSelected(new Set());
  }, [tid, query, status, owner, sort]);

  const members = useAsync(() => api.listMembers(tid).then((page) => page.items), [tid]);
  const keys = useAsync(
    () => api.listKeys(tid, { q: query || undefined, status: status || undefined, owner: owner || undefined, sort, limit: PAGE_SIZE, cursor }),
    [tid, query, status, owner, sort, cursor],
  );
  const items = keys.data?.items ?? [];
  const selectable = items.filter((k) => k.status === 'active');
  const allSelected = selectable.length > 0 && selectable.every((k) => selected.has(k.id));

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function revoke(list: ApiKey[]) {
    setOutcome(null);
    if (list.length === 1) {
      await api.revokeKey(tid, list[0].id);
      setOutcome({ results: [{ id: list[0].id, ok: true }] });
    } else {
      setOutcome(await api.revokeKeys(tid, list.map((k) => k.id)));
    }
    setSelected(new Set());
    keys.reload();
  }

  const failed = outcome?.results.filter((r) => !r.ok) ?? [];
  const header = (field: string, label: string) => <SortHeader field={field} label={label} sort={sort} onSort={setSort} />;

  return (
    <>
      <PageHeader title={t('keys.title')} intro={t('keys.intro')} actions={<GenerateForMember onCreated={keys.reload} />} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field-label">{t('keys.search')}</span>
          <input className="input" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('keys.searchPlaceholder')} />
        </label>
        <label className="field">
          <span className="field-label">{t('keys.filterStatus')}</span>
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? t(`status.${s}`) : t('keys.anyStatus')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('keys.filterOwner')}</span>
          <select className="input" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t('keys.anyOwner')}</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
        </label>
      </form>

      <div className="toolbar">
        <button type="button" className="button button-danger" disabled={selected.size === 0} onClick={() => setConfirm({ keys: items.filter((k) => selected.has(k.id)) })}>
          {t('keys.revokeSelected', { count: selected.size })}
        </button>
        <button type="button" className="button" onClick={() => setImporting(true)}>
          {t('import.open')}
        </button>
        {keys.loading && <Loading />}
      </div>

      {outcome && (
        <div className={failed.length ? 'alert alert-warning' : 'alert alert-success'} role="status">
          <p>{t('keys.revokedCount', { count: outcome.results.length - failed.length })}</p>
          {failed.length > 0 && (
            <ul>
              {failed.map((r) => (
                <li key={r.id}>
                  <code>{r.id}</code>: {r.code ? t(`errors.${r.code}`, { defaultValue: r.code }) : t('errors.unexpected')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ListTable
        rows={keys.data && items}
        error={keys.error}
        onRetry={keys.reload}
        empty={t('keys.empty')}
        caption={t('keys.caption')}
        head={
          <tr>
            <th scope="col" className="select-col">
              <input
                type="checkbox"
                aria-label={t('keys.selectAll')}
                checked={allSelected}
                disabled={selectable.length === 0}
                onChange={() => setSelected(allSelected ? new Set() : new Set(selectable.map((k) => k.id)))}
              />
            </th>
            {header('name', t('keys.col.name'))}
            <th scope="col">{t('keys.col.id')}</th>
            <th scope="col">{t('keys.col.owner')}</th>
            {header('createdAt', t('keys.col.createdAt'))}
            {header('expiresAt', t('keys.col.expiresAt'))}
            {header('lastUsedAt', t('keys.col.lastUsedAt'))}
            {/* Status before the 24-hour count, so that a 1280 px screen shows it without scrolling. */}
            {header('status', t('keys.col.status'))}
            {header('usage24h', t('metering.col.usage24h'))}
            <th scope="col">{t('keys.col.actions')}</th>
          </tr>
        }
      >
        {items.map((key) => (
          <tr key={key.id} className={selected.has(key.id) ? 'row-selected' : undefined}>
            <td className="select-col">
              {key.status === 'active' && (
                <input type="checkbox" aria-label={t('keys.select', { name: key.name })} checked={selected.has(key.id)} onChange={() => toggle(key.id)} />
              )}
            </td>
            <td>
              <Link to={`/keys/${encodeURIComponent(key.id)}`}>{key.name}</Link> <ImportedBadge imported={key.imported} />
              <ManagementBadge management={key.management} />
            </td>
            <td className="nowrap">
              <code className="key-id" title={key.id}>{key.id}</code>
              <CopyButton text={key.id} label={t('keys.copyId', { id: key.id })} compact />
            </td>
            <td>
              {key.owner.name}
              <div className="muted owner-email" title={key.owner.email}>{key.owner.email}</div>
            </td>
            <td><Time iso={key.createdAt} /></td>
            <td><Time iso={key.expiresAt} /></td>
            <td><Time iso={key.lastUsedAt} /></td>
            <td><StatusBadge status={key.status} /> <LeakedMark leakedAt={key.leakedAt} /></td>
            <td className="numeric">{format.number(key.usage24h)}</td>
            <td>
              {key.status === 'active' && (
                <button type="button" className="button button-small button-danger-outline" onClick={() => setConfirm({ keys: [key] })}>
                  {t('keys.revoke')}<span className="visually-hidden"> {key.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </ListTable>

      <nav className="pager" aria-label={t('common.paging')}>
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('common.previous')}
        </button>
        <span>{t('common.page', { n: cursors.length })}</span>
        <button type="button" className="button" disabled={!keys.data?.nextCursor} onClick={() => setCursors((c) => [...c, keys.data?.nextCursor ?? undefined])}>
          {t('common.next')}
        </button>
      </nav>

      {importing && <ImportKeysDialog tenantId={tid} onImported={keys.reload} onClose={() => setImporting(false)} />}

      {confirm && (
        <ConfirmDialog
          title={t('keys.revokeTitle', { count: confirm.keys.length, name: confirm.keys[0]?.name })}
          confirmLabel={t('keys.revokeConfirm', { count: confirm.keys.length })}
          danger
          onConfirm={() => revoke(confirm.keys)}
          onClose={() => setConfirm(null)}
        >
          <p>{t('keys.revokeWarning', { count: confirm.keys.length })}</p>
          <ul className="compact-list">
            {confirm.keys.map((k) => (
              <li key={k.id}>
                {k.name} <code>{k.id}</code> · {k.owner.email}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </>
  );
}
