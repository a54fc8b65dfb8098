// Management console → Events: the tenant's audit trail, filterable, each row expandable.
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { EventQuery, KeywardenEvent } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { ChevronIcon, WarningIcon } from '../components/icons';
import { ListTable } from '../components/list-table';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { EVENT_TYPES } from '../event-types';
import { useFormat } from '../i18n/format';
import { Link, useLocation } from '../router';
import { useTenant } from '../session';

const ALARMING = new Set(['key.excessive_use', 'key.verify_failed', 'key.leaked']);

/** `datetime-local` gives local wall time; the API wants ISO-8601 UTC. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

interface Filters {
  type: string;
  keyId: string;
  actor: string;
  since: string;
  until: string;
}

export function EventsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const { search } = useLocation();
  const initial: Filters = { type: search.get('type') ?? '', keyId: search.get('keyId') ?? '', actor: search.get('actor') ?? '', since: '', until: '' };
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [items, setItems] = useState<KeywardenEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  async function load(more: boolean) {
    setLoading(true);
    setError(null);
    const query: EventQuery = {
      type: filters.type || undefined,
      keyId: filters.keyId.trim() || undefined,
      actor: filters.actor.trim() || undefined,
      since: toIso(filters.since),
      until: toIso(filters.until),
      limit: 50,
      cursor: more ? cursor ?? undefined : undefined,
    };
    try {
      const page = await api.listEvents(tenant.tenantId, query);
      setItems((current) => (more ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tenant.tenantId, filters]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({ ...draft });
  }

  function toggle(id: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });
  const typeLabel = (type: string) => t(`eventType.${type}`, { defaultValue: type });

  return (
    <>
      <PageHeader title={t('events.title')} intro={t('events.intro')} />
      <form className="filters" onSubmit={apply} aria-label={t('events.filters')}>
        <label className="field">
          <span className="field-label">{t('events.type')}</span>
          <select className="input" {...field('type')}>
            <option value="">{t('events.anyType')}</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('events.keyId')}</span>
          <input className="input" {...field('keyId')} placeholder="key_…" />
        </label>
        <label className="field">
          <span className="field-label">{t('events.actor')}</span>
          <input className="input" {...field('actor')} placeholder="usr_…" />
        </label>
        <label className="field">
          <span className="field-label">{t('events.since')}</span>
          <input className="input" type="datetime-local" {...field('since')} />
        </label>
        <label className="field">
          <span className="field-label">{t('events.until')}</span>
          <input className="input" type="datetime-local" {...field('until')} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('events.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              const empty = { type: '', keyId: '', actor: '', since: '', until: '' };
              setDraft(empty);
              setFilters(empty);
            }}
          >
            {t('events.clear')}
          </button>
        </div>
      </form>

      <ListTable
        rows={items.length > 0 || (!loading && !error) ? items : undefined}
        error={error}
        onRetry={() => void load(false)}
        empty={t('events.empty')}
        caption={t('events.caption')}
        className="events"
        head={
          <tr>
            <th scope="col"><span className="visually-hidden">{t('events.details')}</span></th>
            <th scope="col">{t('events.at')}</th>
            <th scope="col">{t('events.type')}</th>
            <th scope="col">{t('events.actor')}</th>
            <th scope="col">{t('events.key')}</th>
          </tr>
        }
      >
        {items.map((event) => {
          const open = expanded.has(event.id);
          const alarming = ALARMING.has(event.type);
          return (
            <Fragment key={event.id}>
              <tr className={alarming ? 'row-alarm' : undefined}>
                <td>
                  <button type="button" className="button button-small button-ghost" aria-expanded={open} aria-controls={`event-${event.id}`} onClick={() => toggle(event.id)}>
                    <ChevronIcon open={open} />
                    <span className="visually-hidden">{t('events.toggle', { type: typeLabel(event.type), at: format.dateTime(event.at) })}</span>
                  </button>
                </td>
                <td className="nowrap">{format.dateTime(event.at)}</td>
                <td>
                  {alarming && <span className="alarm-mark"><WarningIcon /> </span>}
                  <span className={alarming ? 'event-type event-alarm' : 'event-type'}>{typeLabel(event.type)}</span>
                  {alarming && <span className="visually-hidden"> ({t('events.attention')})</span>}
                  <div className="muted"><code>{event.type}</code></div>
                </td>
                <td>
                  {t(`actor.${event.actor.type}`)}
                  {event.actor.id && <div className="muted"><code>{event.actor.id}</code></div>}
                </td>
                <td>{event.keyId ? <code>{event.keyId}</code> : '—'}</td>
              </tr>
              {open && (
                <tr className="detail-row" id={`event-${event.id}`}>
                  <td colSpan={5}>
                    <EventDetails event={event} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </ListTable>
      {loading && <Loading />}
      {cursor && !loading && (
        <button type="button" className="button" onClick={() => void load(true)}>
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}

function EventDetails({ event }: { event: KeywardenEvent }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts facts-compact">
      <dt>{t('events.id')}</dt>
      <dd><code>{event.id}</code></dd>
      <dt>{t('events.at')}</dt>
      <dd>{format.dateTime(event.at)} <span className="muted">({event.at})</span></dd>
      {event.keyId && (
        <>
          <dt>{t('events.key')}</dt>
          <dd>
            <code>{event.keyId}</code> <CopyButton text={event.keyId} label={t('keys.copyId', { id: event.keyId })} compact />{' '}
            <Link to={`/keys/${encodeURIComponent(event.keyId)}`}>{t('events.openKey')}</Link>
          </dd>
        </>
      )}
      <dt>{t('events.actor')}</dt>
      <dd>{t(`actor.${event.actor.type}`)} {event.actor.id && <code>{event.actor.id}</code>}</dd>
      {event.ip && (
        <>
          <dt>{t('events.ip')}</dt>
          <dd><code>{event.ip}</code></dd>
        </>
      )}
      {event.userAgent && (
        <>
          <dt>{t('events.userAgent')}</dt>
          <dd className="break">{event.userAgent}</dd>
        </>
      )}
      <dt>{t('events.details')}</dt>
      <dd>
        <pre className="json">{JSON.stringify(event.details ?? {}, null, 2)}</pre>
      </dd>
      <dt>{t('events.hash')}</dt>
      <dd className="break"><code>{event.hash}</code></dd>
    </dl>
  );
}
