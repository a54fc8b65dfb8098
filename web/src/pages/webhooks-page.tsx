// Management console → Webhooks: endpoints that receive the tenant's events, signed, and their
// delivery attempts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Webhook, WebhookWithSecret } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { ListTable } from '../components/list-table';
import { PageHeader } from '../components/page-header';
import { SecretDialog } from '../components/secret-dialog';
import { DeliveriesDialog, WebhookFormDialog } from '../components/webhook-dialogs';
import { useAsync } from '../hooks';
import { useTenant } from '../session';

type Open =
  | { kind: 'add' }
  | { kind: 'edit'; webhook: Webhook }
  | { kind: 'secret'; created: WebhookWithSecret }
  | { kind: 'deliveries'; webhook: Webhook }
  | { kind: 'delete'; webhook: Webhook };

export function WebhooksPage() {
  const { t } = useTranslation();
  const tid = useTenant().tenantId;
  const webhooks = useAsync(() => api.listWebhooks(tid).then((page) => page.items), [tid]);
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  function changed(message: string, next: Open | null = null) {
    setNotice(message);
    setOpen(next);
    webhooks.reload();
  }

  async function setEnabled(webhook: Webhook, enabled: boolean) {
    setFailure(null);
    try {
      await api.updateWebhook(tid, webhook.id, { enabled });
      changed(t(enabled ? 'webhooks.resumed' : 'webhooks.paused', { url: webhook.url }));
    } catch (error) {
      setFailure(error);
    }
  }

  const typeLabel = (type: string) =>
    type === '*' ? t('webhooks.allEvents')
      : type.endsWith('.*') ? t('webhooks.areaAll', { area: t(`webhooks.area.${type.slice(0, -2)}`, { defaultValue: type }) })
        : t(`eventType.${type}`, { defaultValue: type });

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        intro={t('webhooks.intro')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add' })}>
            {t('webhooks.add')}
          </button>
        }
      />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert error={failure} />
      <ListTable
        rows={webhooks.data}
        loading={webhooks.loading}
        error={webhooks.error}
        onRetry={webhooks.reload}
        empty={t('webhooks.empty')}
        caption={t('webhooks.caption')}
        head={
          <tr>
            <th scope="col">{t('webhooks.col.endpoint')}</th>
            <th scope="col">{t('webhooks.col.events')}</th>
            <th scope="col">{t('webhooks.col.status')}</th>
            <th scope="col">{t('keys.col.actions')}</th>
          </tr>
        }
      >
        {(webhooks.data ?? []).map((webhook) => (
          <tr key={webhook.id}>
            <td>
              <code className="break">{webhook.url}</code>
              {webhook.description && <div className="muted">{webhook.description}</div>}
            </td>
            <td>{webhook.eventTypes.map(typeLabel).join(', ')}</td>
            <td>
              <span className={`badge ${webhook.enabled ? 'badge-active' : 'badge-expired'}`}>
                {t(webhook.enabled ? 'webhooks.enabled' : 'webhooks.disabled')}
              </span>
            </td>
            <td className="actions">
              <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'deliveries', webhook })}>
                {t('webhooks.deliveries')}<span className="visually-hidden"> {webhook.url}</span>
              </button>
              <button type="button" className="button button-small" onClick={() => setOpen({ kind: 'edit', webhook })}>
                {t('webhooks.edit')}<span className="visually-hidden"> {webhook.url}</span>
              </button>
              <button type="button" className="button button-small" onClick={() => void setEnabled(webhook, !webhook.enabled)}>
                {t(webhook.enabled ? 'webhooks.pause' : 'webhooks.resume')}<span className="visually-hidden"> {webhook.url}</span>
              </button>
              <button type="button" className="button button-small button-danger-outline" onClick={() => setOpen({ kind: 'delete', webhook })}>
                {t('webhooks.delete')}<span className="visually-hidden"> {webhook.url}</span>
              </button>
            </td>
          </tr>
        ))}
      </ListTable>

      {(open?.kind === 'add' || open?.kind === 'edit') && (
        <WebhookFormDialog
          tenantId={tid}
          webhook={open.kind === 'edit' ? open.webhook : undefined}
          onCreated={(created) => changed(t('webhooks.added', { url: created.webhook.url }), { kind: 'secret', created })}
          onSaved={(webhook) => changed(t('webhooks.saved', { url: webhook.url }))}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'secret' && (
        <SecretDialog
          texts="webhookSecret"
          secret={open.created.secret}
          subject={<>{t('webhookSecret.forEndpoint')} <code className="break">{open.created.webhook.url}</code></>}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'deliveries' && <DeliveriesDialog tenantId={tid} webhook={open.webhook} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('webhooks.deleteTitle')}
          confirmLabel={t('webhooks.delete')}
          danger
          onConfirm={async () => {
            await api.deleteWebhook(tid, open.webhook.id);
            changed(t('webhooks.deleted', { url: open.webhook.url }));
          }}
          onClose={() => setOpen(null)}
        >
          <p>{t('webhooks.deleteWarning', { url: open.webhook.url })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
