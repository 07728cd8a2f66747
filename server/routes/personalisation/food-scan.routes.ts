import { route } from '../../http/route.ts';
import { decodeDataUrl, foodImageOf, missingImage } from '../../../domain/food-scan/food-image.ts';
import { foodRecognizerFor } from '../../../domain/food-scan/food-recognizers.ts';
import { scanFood } from '../../../domain/food-scan/scan-food.ts';
import { logScannedFoods } from '../../../domain/food-scan/log-scanned-foods.ts';
import { isMultipart, readMultipartImage, SCAN_FOOD_JSON_LIMIT, SCAN_FOOD_PATH } from './food-scan.body.ts';
import { logScanBody, logScanResult, scanFoodBody, scanResult } from './food-scan.schemas.ts';

/** Photo → foods with our library's nutrients; the corrected result is logged as progress nutrition. */
export const foodScanRoutes = [
  route({
    method: 'post',
    path: SCAN_FOOD_PATH,
    tag: 'food-scanner',
    auth: 'user',
    feature: 'nutrition',
    limit: 'scan',
    bodyLimit: SCAN_FOOD_JSON_LIMIT,
    summary:
      'Identify the foods in a photo (multipart `image` or JSON data URL; JPEG/PNG/WebP ≤ 10 MB) with per-portion and per-100 g nutrients',
    body: scanFoodBody,
    response: scanResult,
    handler: async ({ body }, call) => {
      let bytes: Buffer;
      if (isMultipart(call.req)) bytes = await readMultipartImage(call.req);
      else if (body.image) bytes = decodeDataUrl(body.image);
      else throw missingImage();
      const image = foodImageOf(bytes);
      // Bad input is a 400/413/415 whatever the configuration; only a valid image meets "not configured" (503).
      const recognizer = foodRecognizerFor(call.services.config.google);
      return scanFood(recognizer, image);
    },
  }),
  route({
    method: 'post',
    path: '/food-scanner/log',
    tag: 'food-scanner',
    auth: 'user',
    feature: 'nutrition',
    status: 201,
    summary: 'Log a (corrected) scan to progress: library food ids and grams; nutrients computed from our library',
    body: logScanBody,
    response: logScanResult,
    handler: async ({ body }, call) => call.transact(call.ctx, (tx) => logScannedFoods(tx, body)),
  }),
];
