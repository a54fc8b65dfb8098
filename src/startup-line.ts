// What the start-up line says about the store and Redis: enough to tell which ones a node uses,
// never what the URLs carry besides (user names, passwords, query options).

/** `sqlite /path/keywarden.db`, or `postgres host:port/database (schema name)`. */
export function describeStore(databaseUrl: string, schema: string | undefined): string {
  if (databaseUrl.startsWith('sqlite:')) return `sqlite ${databaseUrl.slice('sqlite:'.length)}`;
  const url = parseUrl(databaseUrl);
  if (!url) return 'postgres (unreadable URL)';
  // pg reads a socket directory or another host from `?host=` when the URL names none.
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(url.pathname.slice(1)) || '(default database)';
  return `postgres ${host}:${url.port || '5432'}/${database}${schema ? ` (schema ${schema})` : ''}`;
}

/** `none`, or `host:port` (with `/db` when it is not database 0, and `tls` for rediss:). */
export function describeRedis(redisUrl: string | null): string {
  if (redisUrl === null) return 'none';
  const url = parseUrl(redisUrl);
  if (!url) return '(unreadable URL)';
  const database = url.pathname.slice(1);
  return `${url.hostname || '127.0.0.1'}:${url.port || '6379'}${database && database !== '0' ? `/${database}` : ''}${url.protocol === 'rediss:' ? ' tls' : ''}`;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
