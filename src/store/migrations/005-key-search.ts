// A trigram index of the keys' search text on SQLite, so a search for a rare term reads its few
// matches instead of every key of the tenant (bench case 7: 60 ms at 100,000 keys before). It is
// an external-content FTS5 table kept in step by triggers; its rows are the api_keys rowids, which
// stay put (backups copy pages; nothing runs VACUUM). PostgreSQL scans fast enough (about 30 ms)
// and its trigram index would need an extension, so it has none.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  // case_sensitive 1: the text and the search term are both lower-cased by the application.
  await sql`create virtual table api_keys_search using fts5(search_lc, content='api_keys', tokenize='trigram case_sensitive 1')`.execute(db);
  await sql`create trigger api_keys_search_insert after insert on api_keys begin
      insert into api_keys_search(rowid, search_lc) values (new.rowid, new.search_lc);
    end`.execute(db);
  await sql`create trigger api_keys_search_delete after delete on api_keys begin
      insert into api_keys_search(api_keys_search, rowid, search_lc) values ('delete', old.rowid, old.search_lc);
    end`.execute(db);
  await sql`create trigger api_keys_search_update after update of search_lc on api_keys begin
      insert into api_keys_search(api_keys_search, rowid, search_lc) values ('delete', old.rowid, old.search_lc);
      insert into api_keys_search(rowid, search_lc) values (new.rowid, new.search_lc);
    end`.execute(db);
  await sql`insert into api_keys_search(api_keys_search) values ('rebuild')`.execute(db);
}
