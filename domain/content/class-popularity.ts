/**
 * The `popular` sort order over class alias `c`. Popularity will be the number of viewing sessions started in
 * the last 30 days once the viewing-session table exists (issue 3, item 4, built by another engineer); until
 * then featured classes come first and the caller's tiebreak (newest) decides the rest.
 */
export function popularityOrder(alias: string): string {
  return `${alias}.is_featured desc`;
}
