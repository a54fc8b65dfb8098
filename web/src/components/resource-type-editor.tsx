// The resource-type rule of Settings → Key policies: one row per parent type (empty: the top level)
// with the types allowed right under it, and a one-click preset for account › folder › building › database.
import { useTranslation } from 'react-i18next';

export type ResourceTypeRules = Record<string, string[]>;

export interface RuleRow {
  parent: string;
  children: string;
}

/** The Madaster layout, the common case (the server's MADASTER_TYPES). */
export const PRESET_RULES: ResourceTypeRules = { '': ['account'], account: ['folder'], folder: ['building'], building: ['database'] };

const TYPE_WORD = /^[a-z][a-z0-9_-]{0,31}$/;

export const rowsOf = (rules: ResourceTypeRules): RuleRow[] =>
  Object.entries(rules).map(([parent, children]) => ({ parent, children: children.join(', ') }));

const childrenOf = (row: RuleRow) => [...new Set(row.children.split(',').map((c) => c.trim()).filter(Boolean))];

/** The rule the rows say, or the index of the first row with a problem and what it is. */
export function rulesOf(rows: RuleRow[]): { rules: ResourceTypeRules } | { row: number; problem: 'badType' | 'duplicateParent' } {
  const rules: ResourceTypeRules = {};
  for (const [i, row] of rows.entries()) {
    const parent = row.parent.trim();
    const children = childrenOf(row);
    if ((parent !== '' && !TYPE_WORD.test(parent)) || children.some((c) => !TYPE_WORD.test(c))) return { row: i, problem: 'badType' };
    if (Object.hasOwn(rules, parent)) return { row: i, problem: 'duplicateParent' };
    rules[parent] = children;
  }
  return { rules };
}

interface Props {
  rows: RuleRow[];
  onChange(rows: RuleRow[]): void;
  /** The row with a problem, and its text. */
  problem?: { row: number; text: string };
}

export function ResourceTypeEditor({ rows, onChange, problem }: Props) {
  const { t } = useTranslation();
  const typeName = (type: string) => (type === '' ? t('policies.root') : t(`policies.type.${type}`, { defaultValue: type }));
  const change = (index: number, patch: Partial<RuleRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <div className="rule-editor">
      <button type="button" className="button" onClick={() => onChange(rowsOf(PRESET_RULES))}>
        {t('policies.preset')}
      </button>
      {rows.length === 0 && <p className="hint">{t('policies.noRules')}</p>}
      <ol className="rule-list">
        {rows.map((row, i) => {
          const wrong = problem?.row === i;
          return (
            <li key={i} className="rule-row">
              <label className="field">
                <span className="field-label">{t('policies.parentType', { n: i + 1 })}</span>
                <input
                  id={`rule-${i}-parent`} className="input" value={row.parent} placeholder={t('policies.root')}
                  onChange={(e) => change(i, { parent: e.target.value })} aria-invalid={wrong} aria-describedby={wrong ? 'rule-problem' : undefined}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('policies.allowed', { n: i + 1 })}</span>
                <input
                  className="input" value={row.children} onChange={(e) => change(i, { children: e.target.value })}
                  aria-invalid={wrong} aria-describedby={wrong ? 'rule-problem' : undefined}
                />
              </label>
              <button type="button" className="button button-danger-outline" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                {t('policies.removeRule', { parent: typeName(row.parent.trim()) })}
              </button>
              {wrong && problem && <p className="field-error" id="rule-problem">{problem.text}</p>}
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" onClick={() => onChange([...rows, { parent: '', children: '' }])}>
        {t('policies.addRule')}
      </button>
    </div>
  );
}
