import { z } from 'zod';
import { emailSchema, passwordSchema } from '../../domain/auth/passwords.ts';

export const trainerRegisterBody = z.object({
  inviteCode: z.string().trim().min(1).max(64),
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(120).optional(),
});
