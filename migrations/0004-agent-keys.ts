import { Migration } from '@mikro-orm/migrations';

/** API keys of kind 'agent': a voice agent's socket credential, always bound to one client. */
export class Migration0004AgentKeys extends Migration {
  override name = '0004-agent-keys';

  override up(): void {
    this.addSql(`alter table api_keys drop constraint api_keys_kind_check`);
    this.addSql(
      `alter table api_keys add constraint api_keys_kind_check check (kind in ('client', 'universal', 'agent'))`,
    );
  }

  override down(): void {
    this.addSql(`delete from api_keys where kind = 'agent'`);
    this.addSql(`alter table api_keys drop constraint api_keys_kind_check`);
    this.addSql(`alter table api_keys add constraint api_keys_kind_check check (kind in ('client', 'universal'))`);
  }
}
