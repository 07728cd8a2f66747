import type { Request } from 'express';
import busboy from 'busboy';
import { AppError } from '../../../domain/shared/errors.ts';
import { MAX_IMAGE_BYTES, missingImage, tooLarge } from '../../../domain/food-scan/food-image.ts';

export const SCAN_FOOD_PATH = '/food-scanner/scan-food';

/**
 * The scan route takes a base64 data URL of up to 10 MB of image, about 13.4 MB of JSON: more than the
 * default body limit, so the route declares this one (`bodyLimit`); it is read only after the user's
 * key, token and rate limits passed.
 */
export const SCAN_FOOD_JSON_LIMIT = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024;

export const isMultipart = (req: Request): boolean => Boolean(req.is('multipart/form-data'));

/**
 * Streams the `image` part of a multipart upload into memory, never more than 10 MB: past the cap the
 * upload is refused with 413 and the rest of the request is discarded unread into memory. Other fields
 * and files are skipped.
 */
export function readMultipartImage(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // busboy cuts a file at fileSize and flags it: one byte over the cap tells "too large" from "exactly 10 MB".
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: MAX_IMAGE_BYTES + 1, fields: 20, fieldSize: 64 * 1024 },
      });
    } catch {
      reject(new AppError('validation', 'BAD_REQUEST', 'Malformed multipart request'));
      return;
    }
    let image: Buffer | null = null;
    let failed = false;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(err);
    };
    bb.on('file', (name, file) => {
      if (name !== 'image') {
        file.resume();
        return;
      }
      const chunks: Buffer[] = [];
      file.on('data', (chunk: Buffer) => chunks.push(chunk));
      file.on('limit', () => fail(tooLarge()));
      file.on('end', () => {
        if (!file.truncated) image = Buffer.concat(chunks);
      });
    });
    bb.on('error', () => fail(new AppError('validation', 'BAD_REQUEST', 'Malformed multipart request')));
    bb.on('close', () => {
      if (failed) return;
      if (!image || image.length === 0) fail(missingImage());
      else resolve(image);
    });
    req.pipe(bb);
  });
}
