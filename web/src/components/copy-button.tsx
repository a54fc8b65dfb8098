import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckIcon, CopyIcon } from './icons';

/** Writes text to the clipboard; falls back to a hidden textarea where the Clipboard API is missing. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // permission refused: try the older way below
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

interface CopyButtonProps {
  text: string;
  label: string; // what is copied, for the accessible name: "Copy key ID"
  compact?: boolean;
}

export function CopyButton({ text, label, compact }: CopyButtonProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await copyText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className={compact ? 'button button-small button-ghost' : 'button'} onClick={copy} aria-label={compact ? label : undefined}>
        {compact ? state === 'copied' ? <CheckIcon /> : <CopyIcon /> : label}
        {!compact && state === 'copied' && <CheckIcon />}
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
      {compact && state !== 'idle' && (
        <span className="copy-note" aria-hidden="true">
          {state === 'copied' ? t('common.copied') : t('common.copyFailed')}
        </span>
      )}
    </>
  );
}
