import type { Ctx } from '../shared/context.ts';
import { Trainer, type ITrainer } from '../identity/trainer.entity.ts';
import { planProfileSchema } from '../plans/plan-request.schemas.ts';
import type { Goal, Level } from '../plans/plan-vocabulary.ts';
import { trainerAvailability } from '../marketplace/bookings/trainer-availability.ts';

/**
 * Ranks this client's active trainers for an onboarding profile. A score out of 100:
 * - goal (up to 60): a specialisation that is a core discipline for the goal (60) or a related one (40);
 * - level (up to 25): specialisations suited to the level (25), otherwise a neutral 15;
 * - availability (up to 15): open 1:1 slots in the next 7 days from the marketplace's slot engine (15),
 *   none open (0), or neutral (7.5) for a coach who offers no 1:1 sessions.
 * Every part of the score comes with a reason the app can show.
 */
const GOAL_KEYWORDS: Record<Goal, { core: string[]; related: string[] }> = {
  lose_weight: { core: ['weight loss', 'fat loss'], related: ['hiit', 'conditioning', 'nutrition', 'cardio', 'habit'] },
  build_muscle: {
    core: ['hypertrophy', 'bodybuilding', 'muscle'],
    related: ['strength', 'powerlifting', 'weightlifting'],
  },
  strength: { core: ['strength', 'powerlifting', 'weightlifting'], related: ['olympic', 'functional', 'core'] },
  endurance: { core: ['endurance', 'running', 'cycling', 'triathlon'], related: ['conditioning', 'hiit', 'cardio'] },
  general_fitness: {
    core: ['functional', 'conditioning', 'general fitness'],
    related: ['hiit', 'mobility', 'yoga', 'pilates', 'core'],
  },
  maintain: { core: ['habit', 'wellness', 'mobility'], related: ['yoga', 'pilates', 'nutrition', 'core'] },
};
const LEVEL_KEYWORDS: Record<Level, string[]> = {
  beginner: ['beginner', 'habit', 'mobility', 'injury prevention', 'pilates', 'yoga', 'postnatal'],
  intermediate: ['conditioning', 'hiit', 'strength', 'running', 'functional'],
  advanced: ['powerlifting', 'competition', 'performance', 'olympic', 'boxing', 'triathlon'],
};
const AVAILABILITY = { open: 15, neutral: 7.5, full: 0 };
/** Bounds the work of one request (each candidate's slots are computed); clients have a handful of coaches. */
const MAX_CANDIDATES = 100;

export interface CoachRecommendation {
  id: number;
  name: string;
  bio: string;
  imageUrl: string | null;
  specialisations: string[];
  score: number;
  reasons: string[];
}

const goalOf = (text: unknown): Goal | null => {
  const parsed = planProfileSchema.shape.fitnessGoal.safeParse(text);
  return parsed.success ? parsed.data : null;
};
const levelOf = (text: unknown): Level | null => {
  const parsed = planProfileSchema.shape.fitnessLevel.safeParse(text);
  return parsed.success ? parsed.data : null;
};

const matching = (specialisations: string[], keywords: string[]) =>
  specialisations.filter((s) => keywords.some((k) => s.toLowerCase().includes(k)));

/** Open 1:1 slots in the next 7 days, or null when the coach offers no service to book. */
async function openSlots(ctx: Ctx, trainerId: number): Promise<number | null> {
  const availability = await trainerAvailability(ctx, trainerId, {});
  return availability.service ? availability.slots.length : null;
}

function rate(trainer: ITrainer, goal: Goal | null, level: Level | null, slots: number | null): CoachRecommendation {
  const reasons: string[] = [];
  let score = 0;
  if (goal) {
    const core = matching(trainer.specialisations, GOAL_KEYWORDS[goal].core);
    const related = matching(trainer.specialisations, GOAL_KEYWORDS[goal].related);
    const goalText = goal.replace(/_/g, ' ');
    if (core.length) {
      score += 60;
      reasons.push(`Specialises in ${core.join(', ')}: a core discipline for your goal (${goalText})`);
    } else if (related.length) {
      score += 40;
      reasons.push(`Specialises in ${related.join(', ')}, which supports your goal (${goalText})`);
    } else {
      reasons.push(`No specialisation aimed at your goal (${goalText})`);
    }
  }
  if (level) {
    const fit = matching(trainer.specialisations, LEVEL_KEYWORDS[level]);
    score += fit.length ? 25 : 15;
    reasons.push(
      fit.length ? `${fit.join(', ')} suits a ${level} level` : `Coaches all levels; nothing specific to ${level}`,
    );
  }
  if (slots === null) {
    score += AVAILABILITY.neutral;
    reasons.push('Offers no 1:1 sessions to book');
  } else {
    score += slots > 0 ? AVAILABILITY.open : AVAILABILITY.full;
    reasons.push(slots > 0 ? `${slots} open 1:1 slots in the next 7 days` : 'No open 1:1 slots in the next 7 days');
  }
  return {
    id: trainer.id,
    name: trainer.name,
    bio: trainer.bio,
    imageUrl: trainer.imageUrl ?? null,
    specialisations: trainer.specialisations,
    score,
    reasons,
  };
}

/** The best `limit` coaches, highest score first; ties by name then id, so the order is stable. */
export async function recommendCoaches(
  ctx: Ctx,
  profile: { fitnessGoal?: unknown; fitnessLevel?: unknown },
  limit = 10,
) {
  const goal = goalOf(profile.fitnessGoal);
  const level = levelOf(profile.fitnessLevel);
  const trainers = await ctx.em.find(Trainer, { isActive: true }, { orderBy: { id: 'asc' }, limit: MAX_CANDIDATES });
  const rated: CoachRecommendation[] = [];
  for (const t of trainers) rated.push(rate(t, goal, level, await openSlots(ctx, t.id)));
  const coaches = rated
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id - b.id)
    .slice(0, limit);
  return { goal, level, coaches };
}
