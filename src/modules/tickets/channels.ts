/** Every channel a ticket can come by, in display order (plain data: the agent app imports it too). */
export const CHANNELS = ['email', 'portal', 'chat', 'phone', 'social', 'sms', 'whatsapp', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
