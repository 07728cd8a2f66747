import type { NewTrainer } from '../identity/trainers.ts';

/** The demo studio's look and staff: realistic enough that the app looks like a product out of the box. */
export const DEMO_SLUG = 'demo';

export const demoClient = {
  slug: DEMO_SLUG,
  name: 'Demo Studio',
  branding: {
    name: 'Demo Studio',
    logoUrl: 'https://placehold.co/256x256/0F766E/FFFFFF/png?text=Demo+Studio',
    primaryColor: '#0F766E',
    secondaryColor: '#134E4A',
    accentColor: '#F59E0B',
  },
  enabledFeatures: ['classes', 'live_classes', 'workout_builder', 'nutrition', 'coach_connect', 'ai_coach'] as const,
  requiresVoucher: false,
  settings: {
    timezone: 'Europe/London',
    registrationFields: ['email', 'password', 'name'],
    cancellationWindowHours: 12,
  },
};

const photo = (name: string) => `https://i.pravatar.cc/400?u=${encodeURIComponent(name)}`;

export const demoTrainers: NewTrainer[] = [
  {
    name: 'Maya Okafor',
    email: 'maya.okafor@demo-studio.example.com',
    imageUrl: photo('Maya Okafor'),
    specialisations: ['strength', 'powerlifting', 'women’s health'],
    bio: 'Former national-level powerlifter who now coaches beginners to lift with confidence. Maya builds programmes around progressive overload, good technique and enough recovery to keep you coming back.',
  },
  {
    name: 'Lucas Moreau',
    email: 'lucas.moreau@demo-studio.example.com',
    imageUrl: photo('Lucas Moreau'),
    specialisations: ['hiit', 'conditioning', 'boxing'],
    bio: 'Lucas spent ten years in amateur boxing before moving into group conditioning. His classes are short, loud and carefully scaled so every fitness level finishes strong.',
  },
  {
    name: 'Priya Raman',
    email: 'priya.raman@demo-studio.example.com',
    imageUrl: photo('Priya Raman'),
    specialisations: ['yoga', 'mobility', 'breathwork'],
    bio: 'Priya teaches vinyasa and yin yoga with a physiotherapist’s eye for alignment. She focuses on mobility that carries over to everyday life and on breathwork for better sleep.',
  },
  {
    name: 'Tom Hendricks',
    email: 'tom.hendricks@demo-studio.example.com',
    imageUrl: photo('Tom Hendricks'),
    specialisations: ['running', 'endurance', 'injury prevention'],
    bio: 'A marathoner with a sub-2:40 personal best, Tom coaches runners from first 5k to ultra. Expect structured intervals, sensible mileage and plenty of strength work for resilient legs.',
  },
  {
    name: 'Sofia Lindqvist',
    email: 'sofia.lindqvist@demo-studio.example.com',
    imageUrl: photo('Sofia Lindqvist'),
    specialisations: ['pilates', 'core', 'pre- and postnatal'],
    bio: 'Certified in mat and reformer Pilates, Sofia specialises in core stability and in training before and after pregnancy. Her sessions are calm, precise and surprisingly tough.',
  },
  {
    name: 'Daniel Kim',
    email: 'daniel.kim@demo-studio.example.com',
    imageUrl: photo('Daniel Kim'),
    specialisations: ['nutrition', 'weight loss', 'habit coaching'],
    bio: 'Daniel is a registered dietitian and personal trainer who pairs simple, repeatable meals with achievable training plans. He believes small habits, kept up, beat any crash diet.',
  },
];

export const demoPartner = {
  name: 'Acme Corp Wellness',
  ownerEmail: 'owner@acme-wellness.example.com',
  ownerName: 'Alex Rivera',
};
export const demoUser = { email: 'demo.user@example.com', name: 'Jamie Demo' };
