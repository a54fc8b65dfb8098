import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's one h1, and the document title to match. */
export function PageHeader({ title, actions, intro }: { title: string; actions?: ReactNode; intro?: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · Keywarden`;
  }, [title, t]);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {intro && <p className="intro">{intro}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
