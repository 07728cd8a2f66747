/**
 * A value already serialized as JSON: a body part cached with the data it was made from (a tenant's catalogue
 * entries, its discover sections), so a request splices strings instead of serializing the same objects again.
 * The HTTP edge (server/http/route.ts) sends it in the usual envelope; the text must be exactly what
 * `JSON.stringify` of the presented value would give, so the answer's bytes do not depend on the path taken.
 */
export class JsonText {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
}
