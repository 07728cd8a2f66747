import { route } from '../../http/route.ts';
import { runJobNow } from '../../../jobs/run-job.ts';
import { jobParams, jobRunBody } from './admin.schemas.ts';
import { jobInput } from '../../../jobs/job-input.ts';

export const adminJobRoutes = [
  route({
    method: 'post',
    path: '/admin/jobs/:name/run',
    tag: 'admin',
    auth: 'admin',
    summary:
      "Run a job now on the server's clock, recorded as a manual run (the scheduled ticks are untouched); `input` is the job's own options",
    params: jobParams,
    body: jobRunBody,
    handler: async ({ params, body }, call) => runJobNow(call.services, params.name, jobInput(params.name, body.input)),
  }),
];
