import type { SurveySettingsTable } from '../../db/types.ts';
import type { SurveySettings, UpdateSurveySettingsBody } from './schema.ts';

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  csatEnabled: true,
  delayMinutes: 24 * 60,
  cesEnabled: false,
  reasons: ['Took too long', 'Not resolved', 'Unfriendly', 'Other'],
  suppressionDays: 7,
  linkBaseUrl: null,
  npsEnabled: false,
  npsIntervalMonths: 3,
  npsSuppressionDays: 90,
};

export const toSurveySettings = (row: SurveySettingsTable | undefined): SurveySettings =>
  row
    ? {
        csatEnabled: row.csat_enabled === 1,
        delayMinutes: Number(row.delay_minutes),
        cesEnabled: row.ces_enabled === 1,
        reasons: JSON.parse(row.reasons),
        suppressionDays: Number(row.suppression_days),
        linkBaseUrl: row.link_base_url,
        npsEnabled: row.nps_enabled === 1,
        npsIntervalMonths: Number(row.nps_interval_months) as SurveySettings['npsIntervalMonths'],
        npsSuppressionDays: Number(row.nps_suppression_days),
      }
    : DEFAULT_SURVEY_SETTINGS;

/** The settings after a change; reasons are trimmed, and blank or repeated ones are refused by the caller. */
export function mergeSurveySettings(current: SurveySettings, body: UpdateSurveySettingsBody): SurveySettings {
  return {
    ...current,
    ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
    ...(body.reasons ? { reasons: body.reasons.map((reason) => reason.trim()) } : {}),
    ...(body.linkBaseUrl !== undefined ? { linkBaseUrl: body.linkBaseUrl?.replace(/\/+$/, '') ?? null } : {}),
  };
}

/** What is wrong with merged settings, by field (empty when nothing). */
export function settingsProblems(settings: SurveySettings): Record<string, string> {
  const problems: Record<string, string> = {};
  if (settings.reasons.some((reason) => !reason)) problems.reasons = 'a reason must not be blank';
  else if (new Set(settings.reasons.map((reason) => reason.toLowerCase())).size !== settings.reasons.length)
    problems.reasons = 'reasons must differ';
  return problems;
}

export const toSettingsRow = (workspaceId: string, settings: SurveySettings, now: number): SurveySettingsTable => ({
  workspace_id: workspaceId,
  csat_enabled: settings.csatEnabled ? 1 : 0,
  delay_minutes: settings.delayMinutes,
  ces_enabled: settings.cesEnabled ? 1 : 0,
  reasons: JSON.stringify(settings.reasons),
  suppression_days: settings.suppressionDays,
  link_base_url: settings.linkBaseUrl,
  nps_enabled: settings.npsEnabled ? 1 : 0,
  nps_interval_months: settings.npsIntervalMonths,
  nps_suppression_days: settings.npsSuppressionDays,
  updated_at: now,
});
