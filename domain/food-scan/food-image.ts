import { AppError } from '../shared/errors.ts';
import type { FoodImage, ImageMimeType } from './food-recognizer.port.ts';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const tooLarge = () =>
  new AppError(
    'payload_too_large',
    'PAYLOAD_TOO_LARGE',
    `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`,
  );
export const missingImage = () =>
  new AppError('validation', 'VALIDATION_ERROR', 'An image is required', [
    { field: 'image', message: 'a non-empty JPEG, PNG or WebP image is required' },
  ]);

/** The type from the file's own first bytes: the declared content type and file name are not trusted. */
export function sniffImageType(bytes: Buffer): ImageMimeType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

/** Checks size and type of uploaded bytes; the one gate both the multipart and the data-URL input go through. */
export function foodImageOf(bytes: Buffer): FoodImage {
  if (bytes.length === 0) throw missingImage();
  if (bytes.length > MAX_IMAGE_BYTES) throw tooLarge();
  const mimeType = sniffImageType(bytes);
  if (!mimeType)
    throw new AppError('unsupported_media', 'UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and WebP images are accepted');
  return { bytes, mimeType };
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[^;,]*)*;base64,/i;

/** `data:<type>;base64,<data>`; the declared type is ignored in favour of the bytes (foodImageOf). */
export function decodeDataUrl(value: string): Buffer {
  const head = DATA_URL.exec(value);
  if (!head)
    throw new AppError('validation', 'VALIDATION_ERROR', 'image must be a base64 data URL', [
      { field: 'image', message: 'expected data:image/...;base64,...' },
    ]);
  const data = value.slice(head[0].length).replace(/\s/g, '');
  // Decoded size is known before decoding: refuse early rather than allocate for an oversize image.
  if (Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0) > MAX_IMAGE_BYTES)
    throw tooLarge();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw new AppError('validation', 'VALIDATION_ERROR', 'image is not valid base64', [
      { field: 'image', message: 'invalid base64' },
    ]);
  return Buffer.from(data, 'base64');
}
