// Settings → Key policies: rotation reminders, revoking unused keys, what a leak report does, and the
// resource-type rule, each with a plain explanation. A form of its own that sends only these
// settings, so it saves independently of the form above it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TenantSettings } from '../api/types';
import { ErrorAlert } from './error-alert';
import { ResourceTypeEditor, rowsOf, rulesOf, type RuleRow } from './resource-type-editor';

interface Draft {
  rotate: boolean;
  rotationReminderDays: string;
  revokeUnused: boolean;
  revokeUnusedAfterDays: string;
  leakPolicy: TenantSettings['leakPolicy'];
  restrictTypes: boolean;
  rules: RuleRow[];
}

type Problems = Partial<Record<'rotationReminderDays' | 'revokeUnusedAfterDays', string>> & { rules?: { row: number; text: string } };

const isDays = (text: string) => /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 3650;

function draftOf(settings: TenantSettings): Draft {
  return {
    rotate: settings.rotationReminderDays != null,
    rotationReminderDays: settings.rotationReminderDays == null ? '' : String(settings.rotationReminderDays),
    revokeUnused: settings.revokeUnusedAfterDays != null,
    revokeUnusedAfterDays: settings.revokeUnusedAfterDays == null ? '' : String(settings.revokeUnusedAfterDays),
    leakPolicy: settings.leakPolicy ?? 'revoke',
    restrictTypes: settings.resourceTypes != null,
    rules: settings.resourceTypes ? rowsOf(settings.resourceTypes) : [],
  };
}

export function PoliciesSection({ tenantId, settings }: { tenantId: string; settings: TenantSettings }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const found: Problems = {};
    if (draft.rotate && !isDays(draft.rotationReminderDays)) found.rotationReminderDays = t('policies.badDays');
    if (draft.revokeUnused && !isDays(draft.revokeUnusedAfterDays)) found.revokeUnusedAfterDays = t('policies.badDays');
    const rules = rulesOf(draft.rules);
    if (draft.restrictTypes && 'problem' in rules) found.rules = { row: rules.row, text: t(`policies.${rules.problem}`) };
    setProblems(found);
    if (found.rotationReminderDays || found.revokeUnusedAfterDays || found.rules) {
      const first = found.rotationReminderDays ? 'policy-rotationReminderDays' : found.revokeUnusedAfterDays ? 'policy-revokeUnusedAfterDays' : `rule-${found.rules!.row}-parent`;
      document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    try {
      const next = await api.updateSettings(tenantId, {
        rotationReminderDays: draft.rotate ? Number(draft.rotationReminderDays) : null,
        revokeUnusedAfterDays: draft.revokeUnused ? Number(draft.revokeUnusedAfterDays) : null,
        leakPolicy: draft.leakPolicy,
        resourceTypes: draft.restrictTypes && 'rules' in rules ? rules.rules : null,
      });
      setDraft(draftOf(next));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="policies-heading">
      <h2 id="policies-heading">{t('policies.title')}</h2>
      <p className="hint">{t('policies.intro')}</p>
      <form className="form card" onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend>{t('policies.rotationLegend')}</legend>
          <DaysField
            name="rotationReminderDays" on={draft.rotate} label={t('policies.rotate')} daysLabel={t('policies.rotationReminderDays')}
            days={draft.rotationReminderDays} hint={t('policies.rotateHint')} problem={problems.rotationReminderDays}
            onToggle={(rotate) => set({ rotate, rotationReminderDays: draft.rotationReminderDays || '90' })}
            onDays={(rotationReminderDays) => set({ rotationReminderDays })}
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('policies.unusedLegend')}</legend>
          <DaysField
            name="revokeUnusedAfterDays" on={draft.revokeUnused} label={t('policies.revokeUnused')} daysLabel={t('policies.revokeUnusedAfterDays')}
            days={draft.revokeUnusedAfterDays} hint={t('policies.revokeUnusedHint', { days: settings.expiryReminderDays })}
            problem={problems.revokeUnusedAfterDays}
            onToggle={(revokeUnused) => set({ revokeUnused, revokeUnusedAfterDays: draft.revokeUnusedAfterDays || '180' })}
            onDays={(revokeUnusedAfterDays) => set({ revokeUnusedAfterDays })}
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('policies.leakLegend')}</legend>
          {(['revoke', 'notify'] as const).map((policy) => (
            <label key={policy} className="check">
              <input type="radio" name="leakPolicy" checked={draft.leakPolicy === policy} onChange={() => set({ leakPolicy: policy })} />
              {t(policy === 'revoke' ? 'policies.leakRevoke' : 'policies.leakNotify')}
            </label>
          ))}
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('policies.typesLegend')}</legend>
          <label className="check">
            <input type="checkbox" checked={draft.restrictTypes} onChange={(e) => set({ restrictTypes: e.target.checked })} aria-describedby="types-hint" />
            {t('policies.restrictTypes')}
          </label>
          <p className="hint" id="types-hint">{t('policies.typesHint')}</p>
          {draft.restrictTypes && <ResourceTypeEditor rows={draft.rules} onChange={(rules) => set({ rules })} problem={problems.rules} />}
        </fieldset>

        <ErrorAlert error={error} />
        {saved && <p className="alert alert-success" role="status">{t('policies.saved')}</p>}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.working') : t('policies.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

interface DaysFieldProps {
  name: 'rotationReminderDays' | 'revokeUnusedAfterDays';
  on: boolean;
  label: string;
  daysLabel: string;
  days: string;
  hint: string;
  problem?: string;
  onToggle(on: boolean): void;
  onDays(days: string): void;
}

/** A policy switched on by a box, with its number of days, its explanation and its problem. */
function DaysField({ name, on, label, daysLabel, days, hint, problem, onToggle, onDays }: DaysFieldProps) {
  const described = [problem && `${name}-problem`, `${name}-hint`].filter(Boolean).join(' ');
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} aria-describedby={`${name}-hint`} />
        {label}
      </label>
      {on && (
        <label className="field">
          <span className="field-label">{daysLabel}</span>
          <input
            id={`policy-${name}`} className="input input-number" type="number" inputMode="numeric" min={1} max={3650}
            value={days} onChange={(e) => onDays(e.target.value)} aria-invalid={!!problem} aria-describedby={described}
          />
        </label>
      )}
      {problem && <p className="field-error" id={`${name}-problem`}>{problem}</p>}
      <p className="hint" id={`${name}-hint`}>{hint}</p>
    </>
  );
}
