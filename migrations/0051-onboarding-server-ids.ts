import { Migration } from '@mikro-orm/migrations';

/**
 * Onboarding session ids are now issued by the server (onb_ + at least 18 random bytes). Sessions stored under
 * ids an app chose (possibly one character, so guessable) are dropped: they would otherwise stay readable
 * by anyone guessing them until they expire (24 h at most; the app starts a new session).
 */
export class Migration0051OnboardingServerIds extends Migration {
  override name = '0051-onboarding-server-ids';

  override up(): void {
    this.addSql(`delete from onboarding_profiles where session_id !~ '^onb_[A-Za-z0-9_-]{24,}$'`);
  }
}
