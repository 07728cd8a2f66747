import { AppError } from '../shared/errors.ts';

/** One thing a check found in a provider's answer, and what it did about it. */
export interface PlanIssue {
  path: string;
  problem: string;
  fix: 'replaced' | 'removed' | 'trimmed' | 'corrected' | 'recomputed' | 'rescaled' | 'added';
}

export interface PlanCheck<T> {
  plan: T;
  /** Empty for a clean answer; otherwise every repair made, for logs and for the model's next prompt. */
  issues: PlanIssue[];
}

/** An answer that cannot be repaired without inventing the plan ourselves is refused, never passed on. */
export function rejectPlan(reason: string, details: unknown = undefined): never {
  throw new AppError('unavailable', 'PLAN_REJECTED', `The plan provider's answer was rejected: ${reason}`, details);
}

export const clamp = (n: number, low: number, high: number): number => Math.min(high, Math.max(low, n));
