import { route } from '../../http/route.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import { withoutTenantScope } from '../../../domain/shared/scope.ts';
import { presentClientSummary } from '../../../domain/tenancy/clients.ts';
import { checkVoucher, presentVoucherCheck } from '../../../domain/identity/voucher-check.ts';
import { checkTrainerInvite } from '../../../domain/identity/trainer-invite-redemption.ts';
import { rootEm } from './auth-edge.ts';
import { inviteCheckBody, inviteCheckResult, joinParams, joinResult } from './join.schemas.ts';

/** Credential-free entry points: a deep link carrying a voucher, and a trainer checking an invite. */
export const joinRoutes = [
  route({
    method: 'get',
    path: '/app/join/:code',
    tag: 'app',
    auth: 'none',
    summary: "Deep link studiostv://join/CODE: validates the voucher and returns its client's branding",
    params: joinParams,
    response: joinResult,
    handler: async ({ params }, call) => {
      const platform = call.platformEm();
      const check = await withoutTenantScope('deep link: the voucher code names its client', rootEm(call), (em) =>
        checkVoucher(em, platform, params.code),
      );
      const shown = presentVoucherCheck(check, params.code, null);
      if (!check.valid || !shown.client)
        throw new AppError('not_found', 'INVALID_VOUCHER', 'This voucher code is not valid');
      return { ...shown, valid: true as const, client: shown.client };
    },
  }),
  route({
    method: 'post',
    path: '/invite/check',
    tag: 'app',
    auth: 'none',
    summary: 'Check a trainer invite code before registering with it',
    body: inviteCheckBody,
    response: inviteCheckResult,
    handler: async ({ body }, call) => {
      const platform = call.platformEm();
      const check = await withoutTenantScope('invite check: invite codes are platform-unique', rootEm(call), (em) =>
        checkTrainerInvite(em, platform, body.code),
      );
      return {
        valid: check.valid,
        trainer: check.valid && check.trainer ? { id: check.trainer.id, name: check.trainer.name } : null,
        client: check.valid && check.client ? presentClientSummary(check.client) : null,
      };
    },
  }),
];
