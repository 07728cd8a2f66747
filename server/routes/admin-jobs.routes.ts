import { route } from '../http/route.ts';
import { runJobOnce } from '../../jobs/run-job.ts';
import { jobParams, jobRunBody } from './admin.schemas.ts';
import { jobInput } from '../../jobs/job-input.ts';

export const adminJobRoutes = [
  route({
    method: 'post', path: '/admin/jobs/:name/run', tag: 'admin', auth: 'admin',
    summary: 'Run one tick of a job now (skipped when that tick already ran or another node holds the job)',
    params: jobParams, body: jobRunBody,
    handler: async ({ params, body }, call) => runJobOnce(call.services, params.name, body.tick ?? new Date(), jobInput(params.name, body.input)),
  }),
];
