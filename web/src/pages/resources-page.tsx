// Management console → Resources: the tenant's tree (account > folder > building > database …) to
// create, rename, move and delete resources, and for each the API keys that cover it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Resource } from '../api/types';
import { Loading } from '../components/loading';
import { ErrorAlert } from '../components/error-alert';
import { PageHeader } from '../components/page-header';
import {
  CreateResourceDialog, DeleteResourceDialog, MoveResourceDialog, RenameResourceDialog,
} from '../components/resource-dialogs';
import { ResourceKeys } from '../components/resource-keys';
import { pathOf, ResourceTree, typeLabel } from '../components/resource-tree';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';
import { useTenant } from '../session';

type Open = 'create' | 'rename' | 'move' | 'delete' | null;

export function ResourcesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tid = useTenant().tenantId;
  const resources = useAsync(() => api.listAllResources(tid), [tid]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = resources.data ?? [];
  const selected = list.find((r) => r.id === selectedId);

  function done(text: string, select?: string | null) {
    setOpen(null);
    setNotice(text);
    if (select !== undefined) setSelectedId(select);
    resources.reload();
  }

  return (
    <>
      <PageHeader
        title={t('flows.resources.title')}
        intro={t('flows.resources.intro')}
        actions={
          <button type="button" className="button button-primary" disabled={!resources.data} onClick={() => setOpen('create')}>
            {selected ? t('flows.resources.newChild', { name: selected.name }) : t('flows.resources.new')}
          </button>
        }
      />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {resources.loading && !resources.data && <Loading />}
      <ErrorAlert error={resources.error} onRetry={resources.reload} />
      {resources.data && (
        <div className="resources-layout">
          <div>
            {list.length === 0 ? (
              <p className="empty">{t('flows.resources.empty')}</p>
            ) : (
              <ResourceTree
                resources={list}
                label={t('flows.resources.tree')}
                searchLabel={t('flows.resources.find')}
                searchPlaceholder={t('flows.resources.findPlaceholder')}
                selectedId={selectedId}
                onSelect={setSelectedId}
              />
            )}
          </div>
          <div>
            {!selected ? (
              <p className="hint">{t('flows.resources.select')}</p>
            ) : (
              <section aria-labelledby="resource-details">
                <h2 id="resource-details">
                  {selected.name} ({typeLabel(t, selected.type)})
                </h2>
                <dl className="facts">
                  <dt>{t('flows.resources.path')}</dt>
                  <dd>{pathOf(list, selected.id)}</dd>
                  <dt>{t('flows.resources.type')}</dt>
                  <dd>{typeLabel(t, selected.type)}</dd>
                  <dt>{t('flows.resources.id')}</dt>
                  <dd><code>{selected.id}</code></dd>
                  <dt>{t('keys.col.createdAt')}</dt>
                  <dd>{format.dateTime(selected.createdAt)}</dd>
                  <dt>{t('keys.col.updatedAt')}</dt>
                  <dd>{format.dateTime(selected.updatedAt)}</dd>
                </dl>
                <p className="inline-actions">
                  <button type="button" className="button" onClick={() => setOpen('rename')}>
                    {t('flows.resources.rename')}
                  </button>
                  <button type="button" className="button" onClick={() => setOpen('move')}>
                    {t('flows.resources.move')}
                  </button>
                  <button type="button" className="button button-danger-outline" onClick={() => setOpen('delete')}>
                    {t('flows.resources.delete')}
                  </button>
                </p>
                <ResourceKeys key={selected.id} resource={selected} resources={list} />
              </section>
            )}
          </div>
        </div>
      )}

      {open === 'create' && (
        <CreateResourceDialog
          tenantId={tid}
          resources={list}
          parentId={selectedId}
          onCreated={(created: Resource) => done(t('flows.resources.created', { name: created.name }), created.id)}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'rename' && selected && (
        <RenameResourceDialog tenantId={tid} resource={selected} resources={list} onSaved={(r) => done(t('flows.resources.renamed', { name: r.name }))} onClose={() => setOpen(null)} />
      )}
      {open === 'move' && selected && (
        <MoveResourceDialog tenantId={tid} resource={selected} resources={list} onSaved={(r) => done(t('flows.resources.moved', { name: r.name }))} onClose={() => setOpen(null)} />
      )}
      {open === 'delete' && selected && (
        <DeleteResourceDialog
          tenantId={tid}
          resource={selected}
          resources={list}
          onDeleted={() => done(t('flows.resources.deleted', { name: selected.name }), null)}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
