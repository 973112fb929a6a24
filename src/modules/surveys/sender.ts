import type { FastifyBaseLogger } from 'fastify';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { SurveyService } from './service.ts';

/** The background loop that sends due surveys, a batch (one transaction) at a time. */
export function createSurveySender(options: {
  surveys: SurveyService;
  logger?: Pick<FastifyBaseLogger, 'error'>;
  pollMs?: number;
  batchSize?: number;
}) {
  const runOnce = () => options.surveys.sendDue(options.batchSize ?? 50);
  const loop = createPollingLoop({ name: 'survey sender', runOnce, intervalMs: options.pollMs ?? 60_000, logger: options.logger });
  return { drain: loop.drain, start: loop.start, stop: loop.stop };
}
