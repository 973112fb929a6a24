import type { FastifyBaseLogger } from 'fastify';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { NpsService } from './nps-service.ts';
import type { SurveyService } from './service.ts';

/**
 * The background loop of both surveys, a short transaction at a time: due CSAT surveys, the next
 * slice of an NPS round's scan of the contacts, due NPS surveys. The loop repeats while any found
 * work and yields to the event loop between transactions.
 */
export function createSurveySender(options: {
  surveys: SurveyService;
  nps: NpsService;
  logger?: Pick<FastifyBaseLogger, 'error'>;
  pollMs?: number;
  batchSize?: number;
}) {
  const runOnce = async () => {
    const batch = options.batchSize ?? 50;
    return (await options.surveys.sendDue(batch)) + (await options.nps.scheduleDue()) + (await options.nps.sendDue(batch));
  };
  const loop = createPollingLoop({ name: 'survey sender', runOnce, intervalMs: options.pollMs ?? 60_000, logger: options.logger });
  return { drain: loop.drain, start: loop.start, stop: loop.stop };
}
