import { Migration } from '@mikro-orm/migrations';

/** The typo fallback of class search matches trainer and category names too (`<%` on `search_names`). */
export class Migration0011ContentSearchNamesTrgm extends Migration {
  override name = '0011-content-search-names-trgm';

  override up(): void {
    this.addSql('create index classes_search_names_trgm on classes using gin (search_names gin_trgm_ops)');
  }

  override down(): void {
    this.addSql('drop index if exists classes_search_names_trgm');
  }
}
