import { z } from 'zod';

/** What a vision model says is on the plate: a name, its estimated grams and how sure it is (0..1). */
export const recognizedFoodSchema = z.object({
  name: z.string().trim().min(1).max(120),
  estimatedGrams: z.number().positive().max(5000),
  confidence: z.number().min(0).max(1),
  /** As seen on the plate: cooked (rice, pasta and meat usually are) or raw. */
  state: z.enum(['cooked', 'raw']).optional(),
});

/** The answer's outer shape; each item is checked on its own, so one bad item does not discard the rest. */
export const recognizedFoodsSchema = z.object({ foods: z.array(z.unknown()).max(30) });

/** A recognised food, or an item the model got wrong, kept with `problem` so the user can fix it. */
export type RecognizedFood = z.output<typeof recognizedFoodSchema> & { problem?: string };

export type ImageMimeType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface FoodImage {
  bytes: Buffer;
  mimeType: ImageMimeType;
}

/**
 * The port a food-recognition vendor implements. Adapters throw AppError `unavailable` with
 * PROVIDER_TIMEOUT / PROVIDER_ERROR / PROVIDER_BAD_RESPONSE, never a raw vendor error.
 */
export interface FoodRecognizer {
  recognize(image: FoodImage): Promise<RecognizedFood[]>;
}
