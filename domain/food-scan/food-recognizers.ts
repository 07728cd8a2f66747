import { AppError } from '../shared/errors.ts';
import type { FoodRecognizer } from './food-recognizer.port.ts';
import { createGeminiFoodRecognizer } from './gemini-food-recognizer.ts';

export interface FoodScanVendorConfig {
  project: string | undefined;
  location: string;
  model: string;
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

const clients = new Map<string, FoodRecognizer>();

/**
 * Gemini when a Google Cloud project is configured; otherwise 503 PROVIDER_NOT_CONFIGURED — there is no
 * offline fallback that could pretend to see a photo. One SDK client per configuration, reused.
 */
export function foodRecognizerFor(vendor: FoodScanVendorConfig): FoodRecognizer {
  if (!vendor.project)
    throw new AppError('unavailable', 'PROVIDER_NOT_CONFIGURED', 'Food scanning is not configured on this server');
  const key = [
    vendor.project,
    vendor.location,
    vendor.model,
    vendor.baseUrl ?? '',
    vendor.apiKey ?? '',
    vendor.timeoutMs ?? '',
  ].join('|');
  let recognizer = clients.get(key);
  if (!recognizer) {
    recognizer = createGeminiFoodRecognizer({ ...vendor, project: vendor.project });
    clients.set(key, recognizer);
  }
  return recognizer;
}
