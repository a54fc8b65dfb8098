// After a management key is made: ready-to-copy ways to use it with the CLI, curl and Postman,
// with this server's real address (the console is served by the API's own server).
import { useTranslation } from 'react-i18next';
import { CopyButton } from './copy-button';

interface Snippet {
  caption: string;
  text: string;
  copy: string;
  note?: string;
}

export function managementSnippets(origin: string, tenantId: string, secret: string) {
  return {
    cli: `KEYWARDEN_URL=${origin} KEYWARDEN_API_KEY=${secret} keywarden keys list`,
    curl: `curl -H "X-API-Key: ${secret}" ${origin}/api/v1/tenants/${tenantId}/keys`,
    openapi: `${origin}/api/v1/openapi.json`,
  };
}

export function ManagementSnippets({ tenantId, secret }: { tenantId: string; secret: string }) {
  const { t } = useTranslation();
  const texts = managementSnippets(window.location.origin, tenantId, secret);
  const snippets: Snippet[] = [
    { caption: t('flows.snippets.cli'), text: texts.cli, copy: t('flows.snippets.copyCli') },
    { caption: t('flows.snippets.curl'), text: texts.curl, copy: t('flows.snippets.copyCurl') },
    { caption: t('flows.snippets.postman'), text: texts.openapi, copy: t('flows.snippets.copyPostman'), note: t('flows.snippets.postmanSteps') },
  ];
  return (
    <section className="snippets" aria-labelledby="snippets-title">
      <h3 id="snippets-title">{t('flows.snippets.title')}</h3>
      {snippets.map((s) => (
        <figure className="snippet" key={s.caption} aria-label={s.caption}>
          <figcaption>{s.caption}</figcaption>
          {s.note && <p className="hint">{s.note}</p>}
          <div className="snippet-row">
            <pre><code>{s.text}</code></pre>
            <CopyButton text={s.text} label={s.copy} compact />
          </div>
        </figure>
      ))}
    </section>
  );
}
