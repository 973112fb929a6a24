import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Nullable, Timestamp } from '../../lib/schema.ts';
import { Channel } from '../tickets/schema.ts';
import type { ForecastService } from './forecast-service.ts';
import { ErlangCQuery, ErlangCResult, StaffingQuery, StaffingSettings, StaffingView, UpdateStaffingSettingsBody } from './schema.ts';
import type { StaffingService } from './staffing-service.ts';
import { DEFAULT_WEEKS, MAX_WEEKS } from './forecast.ts';

const Day = Type.String({ description: 'A local date of the workspace, e.g. 2026-03-01' });
const ForecastHour = Type.Object({
  at: Timestamp,
  day: Day,
  weekday: Type.String({ description: 'mon … sun' }),
  hour: Type.Integer({ description: 'Local hour of day, 0–23' }),
  contacts: Type.Number({ description: 'Expected new tickets in the hour (not rounded)' }),
});
const Forecast = Type.Object({
  from: Day,
  to: Day,
  timeZone: Type.String(),
  method: Type.Object({
    name: Type.Literal('weighted-weekday-hour'),
    weeks: Type.Integer(),
    trendLimits: Type.Array(Type.Number()),
    heldBackWeeks: Type.Integer(),
  }),
  byChannel: Type.Array(
    Type.Object({
      channel: Type.String(),
      trend: Type.Number({ description: 'Last 4 weeks ÷ the 4 before, clamped to [0.5, 2]; 1 with less history' }),
      hours: Type.Array(ForecastHour),
      total: Type.Number(),
      accuracy: Type.Object(
        { mape: Nullable(Type.Number()), bias: Nullable(Type.Number()) },
        { description: 'The method forecasting the last 4 weeks from the history before them: MAPE and bias as fractions (0.1 = 10 %)' },
      ),
    }),
  ),
});

export async function wfmRoutes(app: App, { forecasts, staffing }: { forecasts: ForecastService; staffing: StaffingService }) {
  const tags = ['wfm'];
  app.get('/api/v1/wfm/forecast', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Contacts per hour per channel for the next 4 weeks from the desk’s own volumes, with the method’s accuracy on the last 4 (docs/staffing.md)',
      querystring: Type.Object({
        channel: Type.Optional(Channel),
        weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_WEEKS, default: DEFAULT_WEEKS, description: 'Past weeks averaged (N)' })),
      }),
      response: { 200: Forecast },
    },
  }, async (request) => forecasts.forecast(actorOf(request), request.query));

  app.get('/api/v1/wfm/staffing', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Per local hour of the next days: forecast contacts, required agents by each channel’s method, scheduled agents and the gap, with buffer flags (docs/staffing.md)',
      querystring: StaffingQuery,
      response: { 200: StaffingView },
    },
  }, async (request) => staffing.staffing(actorOf(request), request.query));

  app.get('/api/v1/wfm/settings', {
    config: { access: access.manage },
    schema: { tags, summary: 'The staffing settings in force (defaults from seed 002 where none are set)', response: { 200: StaffingSettings } },
  }, async (request) => staffing.settings(actorOf(request)));

  app.patch('/api/v1/wfm/settings', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Change staffing settings: service level, shrinkage, buffer, and per channel the method, occupancy, first-response target, default AHT (audited)',
      body: UpdateStaffingSettingsBody,
      response: { 200: StaffingSettings },
    },
  }, async (request) => staffing.updateSettings(actorOf(request), request.body));

  app.get('/api/v1/wfm/erlang-c', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Erlang C: the fewest agents that answer P % of contacts within T seconds, with the queue they give (the same function as `rapport wfm erlang-c`)',
      querystring: ErlangCQuery,
      response: { 200: ErlangCResult },
    },
  }, async (request) => staffing.erlangC(request.query));
}
