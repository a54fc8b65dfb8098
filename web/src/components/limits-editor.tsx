// Edits a list of named limits (a tenant's plan, or a key's own, which are per key only) and shows
// their balances with a field to set each. Shared by the platform page and the key page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LimitDefinition, LimitState } from '../api/limits';
import { ErrorAlert } from './error-alert';
import { useSubmit } from '../hooks';
import { useFormat } from '../i18n/format';

const blank = (perKeyOnly: boolean): LimitDefinition => ({ name: '', kind: 'credits', per: perKeyOnly ? 'key' : 'tenant', limit: 1000, autoApply: false });

/** The definition as the API wants it: fields that do not belong to its kind are left out. */
function cleaned(l: LimitDefinition): LimitDefinition {
  const out: LimitDefinition = { name: l.name.trim(), kind: l.kind, per: l.per, limit: l.limit, autoApply: l.autoApply };
  if (l.kind === 'rate') out.durationMs = l.durationMs ?? 60_000;
  if (l.kind === 'credits' && l.refill) out.refill = l.refill.interval === 'month' ? l.refill : { amount: l.refill.amount, interval: 'day' };
  if (l.kind === 'credits' && l.lowThreshold) out.lowThreshold = l.lowThreshold;
  return out;
}

export function LimitsEditor({ initial, perKeyOnly, onSave }: { initial: LimitDefinition[]; perKeyOnly: boolean; onSave(limits: LimitDefinition[]): Promise<void> }) {
  const { t } = useTranslation();
  const [limits, setLimits] = useState<LimitDefinition[]>(initial);
  const [saved, setSaved] = useState(false);
  const form = useSubmit(async () => {
    setSaved(false);
    await onSave(limits.map(cleaned));
    setSaved(true);
  });
  const change = (i: number, patch: Partial<LimitDefinition>) => setLimits((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const number = (value: string) => (value === '' ? 0 : Math.max(0, Math.floor(Number(value))));
  return (
    <form onSubmit={form.submit} className="limits-editor">
      {limits.length === 0 && <p className="hint">{t('limits.none')}</p>}
      {limits.map((l, i) => {
        const n = i + 1;
        return (
          <fieldset key={i} className="card">
            <legend>{t('limits.limitN', { n })}</legend>
            <div className="inline-form">
              <label className="field">
                <span className="field-label">{t('limits.name')}</span>
                <input className="input" aria-label={t('limits.nameOf', { n })} required pattern="[a-z0-9_\-]{1,32}" value={l.name} onChange={(e) => change(i, { name: e.target.value })} />
              </label>
              <label className="field">
                <span className="field-label">{t('limits.kind')}</span>
                <select className="input" aria-label={t('limits.kindOf', { n })} value={l.kind} onChange={(e) => change(i, { kind: e.target.value as LimitDefinition['kind'] })}>
                  <option value="credits">{t('limits.credits')}</option>
                  <option value="rate">{t('limits.rate')}</option>
                </select>
              </label>
              {!perKeyOnly && (
                <label className="field">
                  <span className="field-label">{t('limits.per')}</span>
                  <select className="input" aria-label={t('limits.perOf', { n })} value={l.per} onChange={(e) => change(i, { per: e.target.value as LimitDefinition['per'] })}>
                    <option value="tenant">{t('limits.perTenant')}</option>
                    <option value="owner">{t('limits.perOwner')}</option>
                    <option value="key">{t('limits.perKey')}</option>
                  </select>
                </label>
              )}
              <label className="field">
                <span className="field-label">{t('limits.limit')}</span>
                <input className="input" type="number" min={0} aria-label={t('limits.limitOf', { n })} value={l.limit} onChange={(e) => change(i, { limit: number(e.target.value) })} />
              </label>
              {l.kind === 'rate' && (
                <label className="field">
                  <span className="field-label">{t('limits.windowSeconds')}</span>
                  <input className="input" type="number" min={1} max={2_592_000} aria-label={t('limits.windowOf', { n })} value={Math.round((l.durationMs ?? 60_000) / 1000)}
                    onChange={(e) => change(i, { durationMs: Math.max(1, number(e.target.value)) * 1000 })} />
                </label>
              )}
              {l.kind === 'credits' && (
                <label className="field">
                  <span className="field-label">{t('limits.refill')}</span>
                  <select className="input" aria-label={t('limits.refillOf', { n })} value={l.refill?.interval ?? ''}
                    onChange={(e) => change(i, { refill: e.target.value === '' ? undefined : { amount: l.refill?.amount ?? l.limit, interval: e.target.value as 'day' | 'month' } })}>
                    <option value="">{t('limits.noRefill')}</option>
                    <option value="day">{t('limits.daily')}</option>
                    <option value="month">{t('limits.monthly')}</option>
                  </select>
                </label>
              )}
              {l.kind === 'credits' && l.refill && (
                <label className="field">
                  <span className="field-label">{t('limits.refillAmount')}</span>
                  <input className="input" type="number" min={0} aria-label={t('limits.refillAmountOf', { n })} value={l.refill.amount}
                    onChange={(e) => change(i, { refill: { ...l.refill!, amount: number(e.target.value) } })} />
                </label>
              )}
              {l.kind === 'credits' && l.refill?.interval === 'month' && (
                <label className="field">
                  <span className="field-label">{t('limits.dayOfMonth')}</span>
                  <input className="input" type="number" min={1} max={28} aria-label={t('limits.dayOfMonthOf', { n })} value={l.refill.dayOfMonth ?? 1}
                    onChange={(e) => change(i, { refill: { ...l.refill!, dayOfMonth: Math.min(28, Math.max(1, number(e.target.value))) } })} />
                </label>
              )}
              {l.kind === 'credits' && (
                <label className="field">
                  <span className="field-label">{t('limits.lowThreshold')}</span>
                  <input className="input" type="number" min={0} aria-label={t('limits.lowThresholdOf', { n })} value={l.lowThreshold ?? ''}
                    onChange={(e) => change(i, { lowThreshold: e.target.value === '' ? undefined : number(e.target.value) })} />
                </label>
              )}
              <label className="field field-inline">
                <input type="checkbox" aria-label={t('limits.autoApplyOf', { n })} checked={l.autoApply} onChange={(e) => change(i, { autoApply: e.target.checked })} />
                <span>{t('limits.autoApply')}</span>
              </label>
              <button type="button" className="button button-danger-outline" onClick={() => setLimits((all) => all.filter((_, j) => j !== i))}>
                {t('limits.removeN', { n })}
              </button>
            </div>
          </fieldset>
        );
      })}
      <p className="inline-actions">
        <button type="button" className="button" onClick={() => setLimits((all) => [...all, blank(perKeyOnly)])}>{t('limits.add')}</button>
        <button type="submit" className="button button-primary" disabled={form.busy}>{t('limits.save')}</button>
      </p>
      {saved && <p className="alert alert-success" role="status">{t('limits.saved')}</p>}
      <ErrorAlert error={form.error} />
    </form>
  );
}

/** The current balances, each credits balance with a field to set it. */
/** `canSet` says which balances the caller may change (default: all). */
export function LimitBalances({ items, onSet, canSet = () => true }: { items: LimitState[]; onSet(item: LimitState, remaining: number): Promise<void>; canSet?(item: LimitState): boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table">
      <caption>{t('limits.balances')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('limits.name')}</th>
          <th scope="col">{t('limits.per')}</th>
          <th scope="col">{t('limits.limit')}</th>
          <th scope="col">{t('limits.remaining')}</th>
          <th scope="col">{t('limits.resetAt')}</th>
          <th scope="col">{t('limits.setBalance')}</th>
        </tr>
      </thead>
      <tbody>
        {items.length === 0 && (
          <tr><td colSpan={6}>{t('limits.noBalances')}</td></tr>
        )}
        {items.map((item) => (
          <BalanceRow key={`${item.name}|${item.ownerId}|${item.keyId}`} item={item} onSet={onSet} mayChange={canSet(item)} format={format} />
        ))}
      </tbody>
    </table>
  );
}

function BalanceRow({ item, onSet, mayChange, format }: { item: LimitState; onSet(item: LimitState, remaining: number): Promise<void>; mayChange: boolean; format: ReturnType<typeof useFormat> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const form = useSubmit(async () => {
    await onSet(item, Math.max(0, Math.floor(Number(value))));
    setValue('');
  });
  return (
    <tr>
      <td><code>{item.name}</code></td>
      <td>{t(`limits.per${item.per === 'tenant' ? 'Tenant' : item.per === 'owner' ? 'Owner' : 'Key'}`)}</td>
      <td>{format.number(item.limit)}</td>
      <td>{item.remaining === null ? '—' : format.number(item.remaining)}</td>
      <td>{item.resetAt ? format.dateTime(item.resetAt) : '—'}</td>
      <td>
        {item.kind === 'credits' && mayChange && (
          <form className="inline-form" onSubmit={form.submit}>
            <input className="input input-compact" type="number" min={0} required aria-label={t('limits.newBalanceOf', { name: item.name })} value={value} onChange={(e) => setValue(e.target.value)} />
            <button type="submit" className="button" disabled={form.busy}>{t('limits.set')}</button>
            <ErrorAlert error={form.error} />
          </form>
        )}
      </td>
    </tr>
  );
}
