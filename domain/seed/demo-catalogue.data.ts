import type { Intensity } from '../content/class.entity.ts';

/**
 * The demo studio's catalogue, written by us: eight categories and the classes of its six trainers (by their
 * index in `demoTrainers`: 0 Maya strength, 1 Lucas HIIT/boxing, 2 Priya yoga/mobility, 3 Tom running,
 * 4 Sofia Pilates, 5 Daniel habits/low impact).
 */
export const demoCategories = [
  { slug: 'strength', name: 'Strength', image: 'https://picsum.photos/seed/stvos-strength/800/450' },
  { slug: 'hiit', name: 'HIIT', image: 'https://picsum.photos/seed/stvos-hiit/800/450' },
  { slug: 'yoga', name: 'Yoga', image: 'https://picsum.photos/seed/stvos-yoga/800/450' },
  { slug: 'pilates', name: 'Pilates', image: 'https://picsum.photos/seed/stvos-pilates/800/450' },
  { slug: 'running', name: 'Running', image: 'https://picsum.photos/seed/stvos-running/800/450' },
  { slug: 'mobility', name: 'Mobility & Stretching', image: 'https://picsum.photos/seed/stvos-mobility/800/450' },
  { slug: 'boxing', name: 'Boxing', image: 'https://picsum.photos/seed/stvos-boxing/800/450' },
  { slug: 'mindfulness', name: 'Breathwork & Meditation', image: 'https://picsum.photos/seed/stvos-mindfulness/800/450' },
] as const;

export type DemoCategorySlug = (typeof demoCategories)[number]['slug'];

/** name, category, trainer index, minutes, intensity, premium, featured, description */
type Row = [string, DemoCategorySlug, number, number, Intensity, boolean, boolean, string];

export const demoClasses: Row[] = [
  ['Barbell Basics: The Big Three', 'strength', 0, 45, 'medium', false, true, 'Learn the squat, bench press and deadlift with light loads, clear cues and a warm-up you can reuse every session.'],
  ['Dumbbell Full Body', 'strength', 0, 35, 'medium', false, false, 'A balanced full-body session with one pair of dumbbells: goblet squats, rows, presses and loaded carries.'],
  ['Posterior Chain Power', 'strength', 0, 40, 'high', true, false, 'Romanian deadlifts, hip thrusts and swings to build strong glutes and hamstrings that protect your back.'],
  ['Upper Body Sculpt', 'strength', 0, 30, 'medium', false, false, 'Push and pull supersets for shoulders, chest and back, finishing with a short arm burner.'],
  ['Kettlebell Foundations', 'strength', 0, 30, 'medium', false, false, 'Master the hinge, the swing and the goblet squat before moving on to cleans and presses.'],
  ['Strong Legs, No Equipment', 'strength', 0, 25, 'medium', false, false, 'Split squats, tempo squats and wall sits that make bodyweight leg training genuinely hard.'],
  ['Progressive Overload 101', 'strength', 0, 20, 'low', false, false, 'A short talk-through and demo of how to add weight, reps or sets week to week without stalling.'],
  ['Strength for Women Over 40', 'strength', 0, 40, 'medium', true, false, 'Bone-friendly loading, balance work and core strength, scaled for every starting point.'],
  ['Tabata Torch', 'hiit', 1, 20, 'high', false, true, 'Eight rounds of twenty seconds on, ten seconds off, across four moves. Short, sharp and scalable.'],
  ['HIIT Cardio Blast', 'hiit', 1, 30, 'high', false, false, 'Jump squats, burpees and skaters in intervals that keep your heart rate high and your form sharp.'],
  ['Low-Impact HIIT', 'hiit', 1, 25, 'medium', false, false, 'All the intensity of intervals without jumping: ideal for apartments, knees and beginners.'],
  ['EMOM Engine Builder', 'hiit', 1, 35, 'high', true, false, 'Every minute on the minute: rowing-style bodyweight moves that build a bigger aerobic engine.'],
  ['Ladder Conditioning', 'hiit', 1, 30, 'high', false, false, 'Rep ladders up and down across three moves. Pace yourself, then empty the tank on the way down.'],
  ['10-Minute Finisher', 'hiit', 1, 10, 'high', false, false, 'A ten-minute burst to tack onto any strength session when you want a little extra.'],
  ['Sweat & Core Intervals', 'hiit', 1, 30, 'high', false, false, 'Cardio intervals alternating with core holds, so you recover while your abs keep working.'],
  ['Morning Vinyasa Flow', 'yoga', 2, 30, 'medium', false, true, 'A flowing sequence to wake up the spine, open the hips and set a calm, focused tone for the day.'],
  ['Yin Yoga for Deep Release', 'yoga', 2, 45, 'low', false, false, 'Long, supported holds that target connective tissue around the hips, spine and shoulders.'],
  ['Power Yoga', 'yoga', 2, 40, 'high', true, false, 'Strong standing sequences, arm balances and chaturanga practice for a sweaty, athletic flow.'],
  ['Yoga for Runners', 'yoga', 2, 30, 'low', false, false, 'Hamstrings, hip flexors and calves: the poses runners skip, sequenced to ease tight legs.'],
  ['Sun Salutation Practice', 'yoga', 2, 15, 'medium', false, false, 'Build a clean sun salutation A and B step by step, then link them into a short flow.'],
  ['Bedtime Yoga', 'yoga', 2, 20, 'low', false, false, 'Gentle floor poses and slow breathing to switch off the nervous system before sleep.'],
  ['Hatha Basics', 'yoga', 2, 35, 'low', false, false, 'Foundational postures held with attention to alignment: a good first class for new yogis.'],
  ['Desk Worker Yoga', 'yoga', 2, 15, 'low', false, false, 'Undo hours of sitting with neck, chest and hip openers you can do in work clothes.'],
  ['Mat Pilates Fundamentals', 'pilates', 4, 30, 'low', false, true, 'The hundred, roll-ups and leg circles taught slowly, with the breathing and core connection behind them.'],
  ['Pilates Core Burn', 'pilates', 4, 25, 'medium', false, false, 'Deep abdominal work, side-lying series and a plank sequence that is calm, precise and surprisingly tough.'],
  ['Pilates with Small Ball', 'pilates', 4, 30, 'medium', true, false, 'A soft ball adds feedback and challenge to classic mat exercises for the inner thighs and core.'],
  ['Postnatal Pilates: Rebuild', 'pilates', 4, 25, 'low', true, false, 'Reconnect with the deep core and pelvic floor after pregnancy, with progressions over six weeks.'],
  ['Prenatal Pilates', 'pilates', 4, 30, 'low', false, false, 'Safe, supportive strength and mobility for every trimester, with modifications shown throughout.'],
  ['Pilates for Back Care', 'pilates', 4, 30, 'low', false, false, 'Spinal articulation and gentle extension to build a stronger, more mobile back.'],
  ['Advanced Mat Flow', 'pilates', 4, 40, 'high', true, false, 'Teasers, control balance and jackknife in a continuous flow for experienced students.'],
  ['Pilates Glute Series', 'pilates', 4, 20, 'medium', false, false, 'Clams, bridges and kneeling kicks that wake up the glutes and stabilise the pelvis.'],
  ['First 5k: Week One Run', 'running', 3, 30, 'low', false, true, 'Walk-run intervals with coaching in your ear: the first session of a nine-week plan to 5k.'],
  ['Interval Run: 400s', 'running', 3, 40, 'high', false, false, 'Eight fast 400 m repeats with easy recoveries, guided by effort so it works on road or treadmill.'],
  ['Tempo Run', 'running', 3, 35, 'medium', false, false, 'Twenty minutes at comfortably hard pace between a warm-up and cool-down to raise your threshold.'],
  ['Long Run Companion', 'running', 3, 60, 'low', true, false, 'An hour of easy running with stories, form checks and fuelling reminders to make long runs fly by.'],
  ['Hill Repeats', 'running', 3, 35, 'high', false, false, 'Short, strong hill efforts to build power and running economy without a track.'],
  ['Strength for Runners', 'running', 3, 30, 'medium', false, false, 'Single-leg work, calf raises and core drills that keep runners resilient and injury-free.'],
  ['Running Form Drills', 'running', 3, 20, 'low', false, false, 'A-skips, B-skips and cadence drills for lighter, quicker, more efficient strides.'],
  ['Treadmill Speed Play', 'running', 3, 30, 'medium', false, false, 'A fartlek session for the treadmill: changes of speed and incline that keep it interesting.'],
  ['Full Body Mobility Flow', 'mobility', 2, 20, 'low', false, false, 'Controlled joint rotations and end-range holds from ankles to neck. Do it daily.'],
  ['Hip Mobility Reset', 'mobility', 2, 15, 'low', false, false, '90/90 transitions, lunges and rotations to free up stiff hips after sitting or running.'],
  ['Shoulder Health Routine', 'mobility', 0, 15, 'low', false, false, 'Band and bodyweight drills for overhead range and healthy shoulders under load.'],
  ['Post-Workout Stretch', 'mobility', 3, 10, 'low', false, false, 'A ten-minute cool-down stretch for legs, hips and back after any session.'],
  ['Evening Stretch & Unwind', 'mobility', 5, 20, 'low', false, false, 'Slow stretches and breathing to release the day, gentle enough for complete beginners.'],
  ['Mobility for Lifters', 'mobility', 0, 25, 'low', true, false, 'Ankle, hip and thoracic mobility that translates straight into deeper, safer squats and presses.'],
  ['Boxing Fundamentals', 'boxing', 1, 30, 'medium', false, true, 'Stance, guard, jab and cross: the building blocks of boxing, drilled with footwork.'],
  ['Shadow Boxing Rounds', 'boxing', 1, 25, 'high', false, false, 'Six three-minute rounds of combinations, slips and movement. No bag needed.'],
  ['Heavy Bag Power', 'boxing', 1, 35, 'high', true, false, 'Power combinations and body shots on the heavy bag, with conditioning between rounds.'],
  ['Boxing Footwork Drills', 'boxing', 1, 20, 'medium', false, false, 'Pivots, angles and in-and-out movement to make you quicker and harder to hit.'],
  ['Kickboxing Cardio', 'boxing', 1, 30, 'high', false, false, 'Punches, kicks and knees set to a fast pace for a fun, full-body cardio session.'],
  ['Box & Core', 'boxing', 1, 25, 'medium', false, false, 'Alternating boxing combinations with core work for rotation, bracing and endurance.'],
  ['Breathwork for Sleep', 'mindfulness', 2, 10, 'low', false, false, 'Extended exhale breathing and body scan to fall asleep faster and sleep more deeply.'],
  ['Box Breathing Reset', 'mindfulness', 2, 5, 'low', false, false, 'Five minutes of four-count box breathing to calm nerves before a meeting or a big lift.'],
  ['Guided Body Scan', 'mindfulness', 5, 15, 'low', false, false, 'A slow, guided attention practice from toes to head to notice and release tension.'],
  ['Mindful Eating Practice', 'mindfulness', 5, 10, 'low', false, false, 'Daniel guides a short practice to slow down, notice hunger and fullness and enjoy food more.'],
  ['Morning Intention Meditation', 'mindfulness', 2, 10, 'low', false, false, 'Set a clear, kind intention for the day with breath awareness and a short visualisation.'],
  ['Stress Release Breathing', 'mindfulness', 2, 12, 'low', true, false, 'Physiological sighs and coherent breathing to bring stress down quickly and measurably.'],
  ['Walk & Talk: Habit Building', 'running', 5, 30, 'low', false, false, 'An outdoor walk with Daniel on building habits that last: small steps, cues and rewards.'],
  ['Low-Impact Fat Burn', 'hiit', 5, 30, 'low', false, false, 'Steady, joint-friendly cardio and strength circuits designed for sustainable weight loss.'],
  ['Beginner Full Body Circuit', 'strength', 5, 25, 'low', false, false, 'Simple moves, clear coaching and lots of rest: the perfect first workout back.'],
  ['Standing Core Workout', 'strength', 5, 15, 'low', false, false, 'Core training without getting on the floor: carries, chops and marches.'],
  ['Weekend Warrior Circuit', 'hiit', 0, 45, 'high', true, false, 'Strength and conditioning stations for a longer weekend session when you have time to train.'],
];

/** Live classes, scheduled relative to the seeding day: [name, category, trainer, minutes, intensity, days ahead, UTC hour, capacity]. */
export const demoLiveClasses: Array<[string, DemoCategorySlug, number, number, Intensity, number, number, number | null]> = [
  ['Live: Sunrise Vinyasa', 'yoga', 2, 45, 'medium', 1, 7, 50],
  ['Live: Lunchtime HIIT', 'hiit', 1, 30, 'high', 1, 12, 40],
  ['Live: Pilates Core Club', 'pilates', 4, 40, 'medium', 2, 18, 30],
  ['Live: Barbell Q&A and Technique', 'strength', 0, 50, 'medium', 3, 17, null],
  ['Live: Sunday Long Run Warm-Up', 'running', 3, 20, 'low', 5, 8, 100],
];
