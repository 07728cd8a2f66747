/**
 * The `popular` sort order over class alias `c`: viewing sessions started in the last 30 days (index
 * viewing_sessions_class), then featured classes first; the caller's tiebreak (newest) decides the rest.
 */
export function popularityOrder(alias: string): string {
  return `(select count(*) from viewing_sessions v
      where v.client_id = ${alias}.client_id and v.class_id = ${alias}.id and v.started_at > now() - interval '30 days') desc,
    ${alias}.is_featured desc`;
}
