// "Import keys" for tenant admins: a JSON Lines file of keys from another system (one
// POST /keys/import item a line, the SHA-256 of each secret, never the secret), checked with a dry
// run first, then imported; the answer is summed up as imported / already imported / failed by code.
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ImportResults } from '../api/types';
import { batches, parseImportFile, type ImportLine } from '../api/import-file';
import { Dialog } from './dialog';
import { ErrorAlert } from './error-alert';

const SHOWN_FAILURES = 20;

type Result = ImportResults['results'][number] & { line: number };
interface Parsed {
  fileName: string;
  items: ImportLine[];
}
interface Outcome {
  dryRun: boolean;
  imported: number;
  exists: number;
  failures: Result[];
}

export function ImportKeysDialog({ tenantId, onImported, onClose }: { tenantId: string; onImported(): void; onClose(): void }) {
  const { t } = useTranslation();
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setParsed(null);
    setOutcome(null);
    setInvalid(null);
    const file = event.target.files?.[0];
    if (!file) return;
    const result = parseImportFile(await file.text());
    if (!Array.isArray(result)) setInvalid(t('import.badLine', { line: result.badLine }));
    else if (result.length === 0) setInvalid(t('import.emptyFile'));
    else setParsed({ fileName: file.name, items: result });
  }

  async function run(dryRun: boolean) {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    const results: Result[] = [];
    try {
      for (const batch of batches(parsed.items)) {
        setProgress({ done: results.length, total: parsed.items.length });
        const answer = await api.importKeys(tenantId, { dryRun, keys: batch.map((b) => b.item) });
        answer.results.forEach((r, i) => results.push({ ...r, line: batch[i].line }));
      }
      setOutcome({
        dryRun,
        imported: results.filter((r) => r.ok).length,
        exists: results.filter((r) => r.code === 'KEY_EXISTS').length,
        failures: results.filter((r) => !r.ok && r.code !== 'KEY_EXISTS'),
      });
      if (!dryRun) onImported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  const byCode = new Map<string, number>();
  for (const f of outcome?.failures ?? []) byCode.set(f.code ?? '', (byCode.get(f.code ?? '') ?? 0) + 1);
  const codeText = (code: string) => t(`import.code.${code}`, { defaultValue: t(`errors.${code}`, { defaultValue: code }) });

  return (
    <Dialog title={t('import.title')} onClose={onClose} wide>
      <div className="form">
        <p className="hint">{t('import.intro')}</p>
        <label className="field">
          <span className="field-label">{t('import.file')}</span>
          <input className="input" type="file" accept=".jsonl,.ndjson,.json,application/x-ndjson,text/plain" onChange={choose} data-autofocus />
        </label>
        <p className="hint">{t('import.fileHint')}</p>
        {parsed && <p>{t('import.ready', { count: parsed.items.length, file: parsed.fileName })}</p>}
        {invalid && (
          <p className="alert alert-error" role="alert">
            {invalid}
          </p>
        )}
        {progress && <p role="status">{t('import.progress', { done: progress.done, total: progress.total })}</p>}
        {outcome && (
          <div className={outcome.failures.length ? 'alert alert-warning' : 'alert alert-success'} role="status">
            <p className="alert-title">
              {t(outcome.dryRun ? 'import.summaryDry' : 'import.summary', {
                imported: outcome.imported, exists: outcome.exists, failed: outcome.failures.length,
              })}
            </p>
            {byCode.size > 0 && (
              <ul>
                {[...byCode].map(([code, n]) => (
                  <li key={code}>{t('import.failedCode', { count: n, reason: codeText(code) })}</li>
                ))}
              </ul>
            )}
            {outcome.failures.length > 0 && (
              <ul className="compact-list" aria-label={t('import.failedLines')}>
                {outcome.failures.slice(0, SHOWN_FAILURES).map((f) => (
                  <li key={f.line}>{t('import.failedLine', { line: f.line, reason: codeText(f.code ?? '') })}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {outcome && !outcome.dryRun ? t('common.close') : t('common.cancel')}
          </button>
          <button type="button" className="button" disabled={!parsed || busy} onClick={() => run(true)}>
            {t('import.check')}
          </button>
          <button type="button" className="button button-primary" disabled={!parsed || busy} onClick={() => run(false)}>
            {busy ? t('common.working') : t('import.submit')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
