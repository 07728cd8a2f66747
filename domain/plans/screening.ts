import type { PlanProfile } from './plan-request.schemas.ts';
import type { Condition, Intensity } from './plan-vocabulary.ts';

/**
 * Pre-participation screening, run before every plan (rule-based or model, workout or nutrition). Pure: the
 * same profile always screens the same. Each finding makes the plan more conservative and adds a plain
 * sentence to `safetyNotes`, which the answer carries for the app to show. Sources, in
 * docs/how-plans-are-made.md: ACSM pre-participation screening and FITT guidance, WHO physical activity
 * guidelines (children, adults, older adults, pregnancy), ACOG Committee Opinion 804, NHS guidance.
 */
export interface Screening {
  /** Body-mass index from the stated height and weight; null when they were assumed. */
  bmi: number | null;
  youth: boolean;
  older: boolean;
  /** No calorie deficit: growth, underweight, pregnancy, breastfeeding, eating disorders, unknown measurements. */
  noDeficit: boolean;
  noDeficitReasons: string[];
  /** The highest intensity the plan may prescribe. */
  maxIntensity: Intensity;
  /** No jumping, sprinting or other impact work. */
  avoidImpact: boolean;
  /** No loaded spinal flexion (crunches, sit-ups, twists). */
  avoidSpinalFlexion: boolean;
  /** Moderate loads only: at least 8 reps a set and 3 or more reps left in reserve. */
  moderateLoadsOnly: boolean;
  /** Balance work in every session (WHO: 3+ days a week from 65). */
  balanceWork: boolean;
  /** Daily sodium ceiling in mg: WHO < 2,000 mg; 1,500 mg with high blood pressure, heart or kidney disease. */
  sodiumLimitMg: number;
  /** Protein ceiling in g per kg (kidney disease), when one applies. */
  proteinCapPerKg: number | null;
  safetyNotes: string[];
}

const HIGHER_RISK: readonly Condition[] = ['heart_disease', 'kidney_disease', 'hypertension', 'diabetes', 'other'];

const STOP_RULE =
  'Stop and seek medical advice if you feel chest pain, faintness, severe breathlessness or joint pain during exercise; mild muscle soreness a day or two later is normal.';

export function bmiOf(profile: Pick<PlanProfile, 'weight' | 'height'>): number {
  return profile.weight / (profile.height / 100) ** 2;
}

export function screenProfile(profile: PlanProfile): Screening {
  const notes: string[] = [];
  const noDeficitReasons: string[] = [];
  const measured = !(profile.assumed ?? []).some((f) => f === 'weight' || f === 'height');
  const bmi = measured ? Math.round(bmiOf(profile) * 10) / 10 : null;
  const conditions = new Set(profile.conditions);
  let maxIntensity: Intensity = 'high';
  let avoidImpact = false;
  let avoidSpinalFlexion = false;
  let moderateLoadsOnly = false;
  let sodiumLimitMg = 2000;
  let proteinCapPerKg: number | null = null;
  const lower = (to: Intensity) => {
    if (to === 'low' || (to === 'medium' && maxIntensity === 'high')) maxIntensity = to;
  };

  const youth = profile.age < 18;
  if (youth) {
    noDeficitReasons.push('under 18');
    moderateLoadsOnly = true;
    notes.push(
      'Under 18: this plan does not cut calories, because a growing body needs its full energy. Strength work uses moderate loads and good technique, ideally with a qualified coach or PE teacher watching. Aim for 60 minutes of activity a day.',
    );
  }
  if (bmi !== null && bmi < 18.5) {
    noDeficitReasons.push(`BMI ${bmi}, below 18.5`);
    notes.push(
      `Your BMI is ${bmi}, below the healthy range (18.5–24.9), so this plan does not cut calories. If you want to lose weight anyway, please talk to a GP or a registered dietitian first.`,
    );
  }
  if (bmi !== null && bmi >= 35) {
    avoidImpact = true;
    notes.push(
      `At a BMI of ${bmi} the plan uses low-impact cardio (walking, cycling, rowing) to spare the joints. A check-up with a GP before starting is a good idea.`,
    );
  }
  if (profile.pregnant) {
    noDeficitReasons.push('pregnancy');
    lower('medium');
    avoidImpact = true;
    moderateLoadsOnly = true;
    notes.push(
      'Pregnant: no calorie deficit (energy needs rise in the second and third trimesters), no jumping or high-impact moves, effort kept moderate — you should be able to talk while exercising. After the first trimester avoid lying flat on your back for long. Check this plan with your midwife, obstetrician or GP before starting, and stop if you have bleeding, dizziness, chest pain, calf pain or fluid leaking.',
    );
  }
  if (profile.breastfeeding) {
    noDeficitReasons.push('breastfeeding');
    notes.push(
      'Breastfeeding: this plan does not cut calories; eat to appetite and drink to thirst. Ask your health visitor or GP before trying to lose weight.',
    );
  }
  if (conditions.has('eating_disorder')) {
    noDeficitReasons.push('eating disorder');
    notes.push(
      'With an eating disorder, calorie targets and weight-loss plans can do harm. This plan keeps energy at maintenance; please use it only together with your care team.',
    );
  }
  if (!measured) noDeficitReasons.push('weight or height not known');
  if (conditions.has('heart_disease')) {
    lower('low');
    avoidImpact = true;
    moderateLoadsOnly = true;
    sodiumLimitMg = 1500;
    notes.push(
      'Heart disease: get medical clearance from your doctor or cardiac rehab team before starting. Effort is kept low to moderate and salt is kept low.',
    );
  }
  if (conditions.has('hypertension')) {
    lower('medium');
    moderateLoadsOnly = true;
    sodiumLimitMg = 1500;
    notes.push(
      'High blood pressure: effort kept moderate, breathe out as you lift (never hold your breath), and salt kept under 1,500 mg of sodium a day. If your blood pressure is not controlled (160/100 or above), see your GP before exercising.',
    );
  }
  if (conditions.has('kidney_disease')) {
    lower('medium');
    sodiumLimitMg = 1500;
    proteinCapPerKg = 0.8;
    notes.push(
      'Kidney disease: protein is kept at 0.8 g per kg and salt low. Your renal team or a dietitian should agree the plan, as needs differ by stage.',
    );
  }
  if (conditions.has('diabetes')) {
    notes.push(
      'Diabetes: check your blood glucose before and after exercise, carry fast-acting carbohydrate, and ask your diabetes team to agree the plan — especially if you take insulin or sulfonylureas, as exercise and fewer calories can cause hypos.',
    );
  }
  if (conditions.has('asthma'))
    notes.push('Asthma: keep your reliever inhaler with you, warm up fully, and stop if you become wheezy.');
  if (conditions.has('osteoporosis')) {
    avoidImpact = true;
    avoidSpinalFlexion = true;
    notes.push(
      'Osteoporosis: no jumping and no crunches or twisting sit-ups (they load the spine in flexion); strength and balance work are kept, as they protect the bones. Ask a physiotherapist if unsure.',
    );
  }
  if (conditions.has('arthritis')) {
    avoidImpact = true;
    notes.push(
      'Arthritis: low-impact exercise only; some discomfort is acceptable but pain that lasts more than two hours after a session means doing less next time.',
    );
  }
  if (conditions.has('other'))
    notes.push('You told us about another health condition: please check this plan with your doctor before starting.');

  const older = profile.age >= 65;
  if (older) {
    notes.push(
      'Over 65: every session includes balance work to reduce the risk of falls. If you have not exercised for a while, start at the lighter end.',
    );
  }
  if (profile.conditions.some((c) => HIGHER_RISK.includes(c)) || profile.pregnant) {
    notes.push('As ACSM guidance advises for your situation, see a clinician before starting vigorous exercise.');
  }
  notes.push(STOP_RULE);

  return {
    bmi,
    youth,
    older,
    noDeficit: noDeficitReasons.length > 0,
    noDeficitReasons,
    maxIntensity,
    avoidImpact,
    avoidSpinalFlexion,
    moderateLoadsOnly,
    balanceWork: older,
    sodiumLimitMg,
    proteinCapPerKg,
    safetyNotes: notes,
  };
}
