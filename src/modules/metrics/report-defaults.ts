// What reports use until a workspace sets its own (seed 002): plain data, shown by the admin screen too.

/** Cost of one contact per channel (2024 industry ranges). */
export const DEFAULT_COST_PER_CONTACT: Record<string, number> = {
  phone: 7.5,
  email: 1.15,
  portal: 1.15,
  api: 1.15,
  chat: 1.75,
  whatsapp: 1.75,
  sms: 0.24,
  social: 1.0,
};

/** Targets beside the figures. */
export const DEFAULT_REPORT_TARGETS = {
  fcrPercent: { min: 70, max: 80 },
  csatPercent: 75,
  csatPercentPremium: 85,
  nps: 30,
  ahtMinutes: { phone: { min: 4, max: 8 }, chat: { min: 8, max: 12 } } as Record<string, { min: number; max: number } | undefined>,
};
