import { z } from 'zod';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import { plainText } from '../../../domain/identity/user-profile.ts';
import { codeSchema } from './auth.schemas.ts';

export const trainerRegisterBody = z.object({
  inviteCode: codeSchema,
  email: emailSchema,
  password: passwordSchema,
  name: plainText(120).min(1).optional(),
});
