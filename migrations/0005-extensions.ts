import { Migration } from '@mikro-orm/migrations';

/**
 * Contrib extensions later areas rely on: btree_gist (exclusion constraints mixing `=` on ids with `&&` on
 * time ranges: no double booking), pg_trgm (typo-tolerant search), unaccent (search that ignores accents).
 * All three are "trusted" since PostgreSQL 13, so a database owner may create them; the embedded PGlite
 * loads the same three (server/db/embedded.ts).
 */
export class Migration0005Extensions extends Migration {
  override name = '0005-extensions';

  override up(): void {
    this.addSql('create extension if not exists btree_gist');
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create extension if not exists unaccent');
  }
}
