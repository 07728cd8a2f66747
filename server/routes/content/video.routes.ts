import { route } from '../../http/route.ts';
import { grantPlayback } from '../../../domain/content/playback-access.ts';
import { playbackResponse, videoParams } from './content.schemas.ts';

export const videoRoutes = [
  route({
    method: 'get',
    path: '/video/access/:classId',
    tag: 'content',
    auth: 'user',
    feature: 'classes',
    summary: 'A signed playback URL valid for 5 minutes (premium classes need the client’s premium entitlement)',
    params: videoParams,
    response: playbackResponse,
    handler: async ({ params }, call) => grantPlayback(call.ctx, params.classId, call.services.secrets.accessSecret),
  }),
];
