// A resource's API keys: those whose scopes cover it (a scope on it, on a resource above it, or on the
// whole tenant; GET /tenants/:tid/keys?resource=), and "Add API key" scoped to it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey, Resource } from '../api/types';
import { useAsync } from '../hooks';
import { Link } from '../router';
import { useTenant } from '../session';
import { GenerateForMember } from './generate-for-member';
import { ManagementBadge } from './key-badges';
import { ErrorAlert } from './error-alert';
import { ListTable } from './list-table';
import { ScopeList } from './scope-editor';
import { StatusBadge } from './status-badge';
import { Time } from './time';

const PAGE_SIZE = 50;

export function ResourceKeys({ resource, resources }: { resource: Resource; resources: Resource[] }) {
  const { t } = useTranslation();
  const tid = useTenant().tenantId;
  const [more, setMore] = useState<{ items: ApiKey[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  // A move (of this resource or one above it) changes which keys cover it: each new load of the tree asks again.
  const keys = useAsync(async () => {
    const page = await api.listKeys(tid, { resource: resource.id, sort: 'name', limit: PAGE_SIZE });
    setMore(null);
    return page;
  }, [tid, resource.id, resources]);
  const items = [...(keys.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : keys.data?.nextCursor ?? null;

  async function loadMore() {
    if (!cursor) return;
    setMoreError(null);
    try {
      const page = await api.listKeys(tid, { resource: resource.id, sort: 'name', limit: PAGE_SIZE, cursor });
      setMore((current) => ({ items: [...(current?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (failure) {
      setMoreError(failure);
    }
  }

  return (
    <section className="section" aria-labelledby="resource-keys">
      <div className="section-head">
        <h2 id="resource-keys">{t('flows.resources.keys.title')}</h2>
        <GenerateForMember label={t('flows.resources.keys.add')} initialScopes={[{ resourceId: resource.id, permission: 'read' }]} onCreated={keys.reload} />
      </div>
      <p className="hint">{t('flows.resources.keys.intro', { name: resource.name })}</p>
      <ListTable
        rows={keys.data && items}
        loading={keys.loading}
        error={keys.error}
        onRetry={keys.reload}
        empty={t('flows.resources.keys.empty')}
        caption={t('flows.resources.keys.caption', { name: resource.name })}
        head={
          <tr>
            <th scope="col">{t('keys.col.name')}</th>
            <th scope="col">{t('keys.col.owner')}</th>
            <th scope="col">{t('flows.resources.keys.scope')}</th>
            <th scope="col">{t('keys.col.status')}</th>
            <th scope="col">{t('keys.col.expiresAt')}</th>
          </tr>
        }
      >
        {items.map((key) => (
          <tr key={key.id}>
            <td>
              <Link to={`/keys/${encodeURIComponent(key.id)}`}>{key.name}</Link>
              <ManagementBadge management={key.management} />
            </td>
            <td>{key.owner.name}</td>
            <td><ScopeList scopes={key.scopes} resources={resources} /></td>
            <td><StatusBadge status={key.status} /></td>
            <td><Time iso={key.expiresAt} /></td>
          </tr>
        ))}
      </ListTable>
      {cursor && (
        <button type="button" className="button" onClick={loadMore}>
          {t('common.loadMore')}
        </button>
      )}
      <ErrorAlert error={moreError} />
    </section>
  );
}
