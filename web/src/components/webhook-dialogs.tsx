// The webhooks page's dialogs: add or change an endpoint (URL, description, the events it gets),
// and the endpoint's recent delivery attempts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Webhook, WebhookWithSecret } from '../api/types';
import { EVENT_AREAS } from '../event-types';
import { useAsync, useSubmit } from '../hooks';
import { useFormat } from '../i18n/format';
import { Dialog } from './dialog';
import { DialogActions } from './dialog-actions';
import { ErrorAlert } from './error-alert';
import { ListTable } from './list-table';
import { Time } from './time';

/**
 * Chooses event types as the API takes them: `*` for every event, `area.*` for every event of an
 * area (including types added later), or single types.
 */
function EventTypePicker({ value, onChange }: { value: string[]; onChange(types: string[]): void }) {
  const { t } = useTranslation();
  const all = value.includes('*');
  const toggle = (type: string, on: boolean) => onChange(on ? [...value, type] : value.filter((v) => v !== type));
  return (
    <fieldset className="fieldset">
      <legend>{t('webhooks.events')}</legend>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? ['*'] : [])} />
        {t('webhooks.allEvents')}
      </label>
      <div className="event-areas">
        {Object.entries(EVENT_AREAS).map(([area, names]) => {
          const wholeArea = all || value.includes(`${area}.*`);
          return (
            <fieldset key={area} className="event-area" disabled={all}>
              <legend>{t(`webhooks.area.${area}`)}</legend>
              <label className="check">
                <input
                  type="checkbox"
                  checked={wholeArea}
                  onChange={(e) =>
                    // The area's wildcard stands for its single types, so they are dropped with it.
                    onChange([...value.filter((v) => !v.startsWith(`${area}.`)), ...(e.target.checked ? [`${area}.*`] : [])])
                  }
                />
                {t('webhooks.wholeArea')}
              </label>
              {names.map((name) => {
                const type = `${area}.${name}`;
                return (
                  <label className="check" key={type}>
                    <input type="checkbox" disabled={wholeArea} checked={wholeArea || value.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
                    {t(`eventType.${type}`)}
                  </label>
                );
              })}
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}

interface WebhookFormProps {
  tenantId: string;
  /** The endpoint to change; absent to add one. */
  webhook?: Webhook;
  onCreated(created: WebhookWithSecret): void;
  onSaved(webhook: Webhook): void;
  onClose(): void;
}

export function WebhookFormDialog({ tenantId, webhook, onCreated, onSaved, onClose }: WebhookFormProps) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(webhook?.eventTypes ?? []);
  const input = () => ({ url: url.trim(), eventTypes, description: description.trim() || null });
  const { busy, error, submit } = useSubmit<WebhookWithSecret | Webhook>(
    () => (webhook ? api.updateWebhook(tenantId, webhook.id, input()) : api.createWebhook(tenantId, input())),
    (answer) => ('secret' in answer ? onCreated(answer) : onSaved(answer)),
  );
  return (
    <Dialog title={webhook ? t('webhooks.editTitle') : t('webhooks.addTitle')} onClose={onClose} wide>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t('webhooks.url')}</span>
          <input
            className="input" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} maxLength={2000}
            placeholder="https://" aria-describedby="webhook-url-hint" data-autofocus spellCheck={false}
          />
          <span className="hint" id="webhook-url-hint">{t('webhooks.urlHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('webhooks.description')}</span>
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
        </label>
        <EventTypePicker value={eventTypes} onChange={setEventTypes} />
        {eventTypes.length === 0 && <p className="hint">{t('webhooks.pickEvents')}</p>}
        <ErrorAlert error={error} />
        <DialogActions
          submitLabel={webhook ? t('common.save') : t('webhooks.add')}
          busy={busy}
          disabled={!url.trim() || eventTypes.length === 0}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

const STATUS_BADGE = { succeeded: 'badge-active', failed: 'badge-expired', gave_up: 'badge-revoked' } as const;

export function DeliveriesDialog({ tenantId, webhook, onClose }: { tenantId: string; webhook: Webhook; onClose(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const deliveries = useAsync(() => api.listDeliveries(tenantId, webhook.id).then((page) => page.items), [tenantId, webhook.id]);
  return (
    <Dialog
      title={t('webhooks.deliveriesTitle')}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button" onClick={deliveries.reload}>
          {t('webhooks.refresh')}
        </button>
      }
    >
      <p className="break"><code>{webhook.url}</code></p>
      <ListTable
        rows={deliveries.data}
        loading={deliveries.loading}
        error={deliveries.error}
        onRetry={deliveries.reload}
        empty={t('webhooks.noDeliveries')}
        caption={t('webhooks.deliveriesCaption')}
        head={
          <tr>
            <th scope="col">{t('webhooks.col.at')}</th>
            <th scope="col">{t('webhooks.col.event')}</th>
            <th scope="col" className="num">{t('webhooks.col.attempt')}</th>
            <th scope="col">{t('webhooks.col.result')}</th>
            <th scope="col">{t('webhooks.col.answer')}</th>
            <th scope="col">{t('webhooks.col.nextAttempt')}</th>
          </tr>
        }
      >
        {(deliveries.data ?? []).map((d) => (
          <tr key={d.id}>
            <td className="nowrap"><Time iso={d.at} full /></td>
            <td><code>{d.eventId}</code></td>
            <td className="num">{format.number(d.attempt)}</td>
            <td><span className={`badge ${STATUS_BADGE[d.status]}`}>{t(`webhooks.delivery.${d.status}`)}</span></td>
            <td>
              {d.responseStatus !== null ? `HTTP ${d.responseStatus}` : ''}
              {d.error && <span className="muted break"> {t(`webhooks.failure.${d.error}`, { defaultValue: d.error })}</span>}
              <span className="muted"> · {t('webhooks.took', { ms: format.number(d.durationMs) })}</span>
            </td>
            <td className="nowrap">{d.nextAttemptAt ? <Time iso={d.nextAttemptAt} full /> : '—'}</td>
          </tr>
        ))}
      </ListTable>
    </Dialog>
  );
}
