import { randomBytes } from 'node:crypto';

/** Image-shaped bytes: the right magic numbers and filler; the server sniffs types, it never decodes pixels. */
export const jpeg = (size = 2048) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(Math.max(0, size - 4))]);
export const png = (size = 2048) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(Math.max(0, size - 8))]);
export const webp = (size = 2048) => {
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(size - 8, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, size - 12))]);
};
export const gif = () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), randomBytes(500)]);

export const dataUrl = (bytes: Buffer, type = 'image/jpeg') => `data:${type};base64,${bytes.toString('base64')}`;

/** A multipart upload as an app sends it (fetch + FormData), with the declared type and file name given. */
export async function uploadImage(
  baseUrl: string,
  creds: { apiKey: string; token?: string },
  file: { bytes: Buffer; type?: string; name?: string; field?: string } | null,
) {
  const form = new FormData();
  form.append('note', 'lunch');
  if (file)
    form.append(
      file.field ?? 'image',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }),
      file.name ?? 'meal.jpg',
    );
  const headers: Record<string, string> = { 'X-API-Key': creds.apiKey };
  if (creds.token) headers['Authorization'] = `Bearer ${creds.token}`;
  const res = await fetch(`${baseUrl}/api/v1/food-scanner/scan-food`, { method: 'POST', headers, body: form });
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers) as Record<string, string>,
    body: (await res.json()) as any,
  };
}

/** A model answer in the schema we ask for. */
export const foodsAnswer = (foods: Array<{ name: string; estimatedGrams: number; confidence: number }>) => ({
  text: JSON.stringify({ foods }),
});
