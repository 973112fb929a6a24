import { CHANNELS, type Channel } from '../tickets/channels.ts';

// What staffing uses until a workspace sets its own (seed 002): plain data, the agent app shows it too.

/**
 * How a channel's required agents are computed (docs/staffing.md): Erlang C for contacts that wait on
 * a line, the seeds' workload formula at a target occupancy, or the backlog model for tickets that
 * wait in a queue of work to be answered within a first-response target in business hours.
 */
export const STAFFING_METHODS = ['erlang-c', 'workload', 'backlog'] as const;
export type StaffingMethod = (typeof STAFFING_METHODS)[number];

export interface ChannelStaffing {
  method: StaffingMethod;
  /** Target occupancy, a fraction in (0, 1]: the workload formula and the backlog model plan at it. */
  occupancy: number;
  /** The backlog model's first-response target, in business minutes of the "Business hours" calendar. */
  firstResponseMinutes: number;
  /** The handle time planned with while the metric engine has none measured for the channel. */
  defaultAhtSeconds: number;
}

export interface StaffingSettings {
  /** Erlang C's target: `targetPercent` % of contacts answered within `targetSeconds`. */
  serviceLevel: { targetPercent: number; targetSeconds: number };
  /** Erlang C's highest occupancy, a fraction in (0, 1]; null for none. */
  maxOccupancy: number | null;
  /** The share of paid time agents are not available (breaks, training, absence not planned), in [0, 1). */
  shrinkage: number;
  /** The tolerance around the required agents, a fraction: scheduled more than this under or over is flagged. */
  buffer: number;
  channels: Record<Channel, ChannelStaffing>;
}

/** The seed's occupancy ranges: voice 50–60 %, chat and email 65–75 %. */
export const OCCUPANCY_RANGES: Partial<Record<Channel, readonly [number, number]>> = {
  phone: [0.5, 0.6],
  chat: [0.65, 0.75],
  email: [0.65, 0.75],
  portal: [0.65, 0.75],
};

const METHOD_OF: Record<Channel, StaffingMethod> = {
  email: 'backlog',
  portal: 'backlog',
  chat: 'erlang-c',
  phone: 'erlang-c',
  social: 'workload',
  sms: 'workload',
  whatsapp: 'workload',
  api: 'workload',
};

// Handle times from seed 002's AHT ranges (voice 4–8, chat 8–12 minutes: the middle); 8 minutes elsewhere.
const AHT_SECONDS_OF: Partial<Record<Channel, number>> = { phone: 360, chat: 600 };

export const DEFAULT_STAFFING: StaffingSettings = {
  serviceLevel: { targetPercent: 80, targetSeconds: 20 },
  maxOccupancy: null,
  shrinkage: 0.3,
  buffer: 0.15,
  channels: Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      {
        method: METHOD_OF[channel],
        occupancy: channel === 'phone' ? 0.55 : 0.7,
        firstResponseMinutes: 240,
        defaultAhtSeconds: AHT_SECONDS_OF[channel] ?? 480,
      },
    ]),
  ) as Record<Channel, ChannelStaffing>,
};

/** A change to the settings: any part, down to one field of one channel. */
export interface StaffingSettingsChange {
  serviceLevel?: Partial<StaffingSettings['serviceLevel']>;
  maxOccupancy?: number | null;
  shrinkage?: number;
  buffer?: number;
  channels?: Partial<Record<Channel, Partial<ChannelStaffing>>>;
}

/** The settings in force: the stored changes over the defaults (or over `base`). */
export function applyStaffingChange(change: StaffingSettingsChange, base: StaffingSettings = DEFAULT_STAFFING): StaffingSettings {
  return {
    serviceLevel: { ...base.serviceLevel, ...change.serviceLevel },
    maxOccupancy: change.maxOccupancy !== undefined ? change.maxOccupancy : base.maxOccupancy,
    shrinkage: change.shrinkage ?? base.shrinkage,
    buffer: change.buffer ?? base.buffer,
    channels: Object.fromEntries(CHANNELS.map((channel) => [channel, { ...base.channels[channel], ...change.channels?.[channel] }])) as Record<
      Channel,
      ChannelStaffing
    >,
  };
}
