/** The demo desk's cast and scripts: plain data, so the seeding code stays short. */

export const demoTeams = [
  { name: 'Frontline Support', description: 'Tier 1: first contact on every channel' },
  { name: 'Technical Specialists', description: 'Tier 2: investigations and escalations' },
  { name: 'Billing & Accounts', description: 'Invoices, refunds, contracts' },
];

export const demoStaff = [
  { name: 'Sam Okafor', email: 'sam.okafor@demo.rapport.test', role: 'supervisor', teams: [0, 1], senior: true },
  { name: 'Lena Fischer', email: 'lena.fischer@demo.rapport.test', role: 'agent', teams: [0], senior: true },
  { name: 'Tomás Rivera', email: 'tomas.rivera@demo.rapport.test', role: 'agent', teams: [0] },
  { name: 'Aisha Khan', email: 'aisha.khan@demo.rapport.test', role: 'agent', teams: [0] },
  { name: 'Marco Bianchi', email: 'marco.bianchi@demo.rapport.test', role: 'agent', teams: [1], senior: true },
  { name: 'Yuki Tanaka', email: 'yuki.tanaka@demo.rapport.test', role: 'agent', teams: [1] },
  { name: 'Priya Nair', email: 'priya.nair@demo.rapport.test', role: 'agent', teams: [2] },
  { name: 'Owen Davies', email: 'owen.davies@demo.rapport.test', role: 'read-only', teams: [] },
] as const;

/** The demo's shifts for this week and the next three; `staff` are indexes into demoStaff. The late one has a single senior, so the schedule shows its warning. */
export const demoShifts = [
  { name: 'Early', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00', channels: ['email', 'portal', 'phone', 'chat'], staff: [0, 1, 2, 3] },
  { name: 'Late', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '12:00', end: '20:00', channels: ['email', 'phone', 'chat', 'social'], staff: [4, 5, 6] },
] as const;

export const demoOrganisations = [
  { name: 'Northwind Traders', domain: 'northwind.example', tier: 'enterprise' },
  { name: 'Contoso Pharmaceuticals', domain: 'contoso.example', tier: 'enterprise' },
  { name: 'Fabrikam Logistics', domain: 'fabrikam.example', tier: 'premium' },
  { name: 'Tailspin Travel', domain: 'tailspin.example', tier: 'premium' },
  { name: 'Wide World Importers', domain: 'wideworld.example', tier: 'premium' },
  { name: 'Adventure Works Cycles', domain: 'adventure-works.example', tier: 'standard' },
  { name: 'Blue Yonder Airlines', domain: 'blueyonder.example', tier: 'enterprise' },
  { name: 'Coho Winery', domain: 'cohowinery.example', tier: 'standard' },
  { name: 'Alpine Ski House', domain: 'alpineski.example', tier: 'standard' },
  { name: 'Lucerne Publishing', domain: 'lucerne.example', tier: 'premium' },
  { name: 'Margie’s Travel', domain: 'margies.example', tier: 'standard' },
  { name: 'Proseware Inc.', domain: 'proseware.example', tier: 'standard' },
  { name: 'Trey Research', domain: 'treyresearch.example', tier: 'premium' },
  { name: 'Woodgrove Bank', domain: 'woodgrove.example', tier: 'enterprise' },
  { name: 'Litware Labs', domain: 'litware.example', tier: 'standard' },
] as const;

export const firstNames = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kavya',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Stefan',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
export const lastNames = [
  'Schmidt',
  'Johnson',
  'Dubois',
  'García',
  'Yilmaz',
  'Novak',
  'Williams',
  'Rossi',
  'Santos',
  'Berg',
  'Iyer',
  'O’Brien',
  'Cohen',
  'Müller',
  'Petrova',
  'Moreno',
  'Lee',
  'Costa',
  'Wagner',
  'Singh',
  'Haddad',
  'Jansen',
  'Zhang',
  'López',
];

export interface TicketScript {
  type: 'question' | 'incident' | 'service-request' | 'complaint' | 'problem';
  team: number;
  subject: string;
  opening: string;
  reply: string;
  followUp?: string;
  note?: string;
  tags: string[];
}

export const ticketScripts: TicketScript[] = [
  {
    type: 'question',
    team: 0,
    subject: 'How do I reset my password?',
    opening: 'I forgot my password and the reset email never arrives. Can you help?',
    reply: 'I have sent a fresh reset link; it is valid for 30 minutes. Please check your spam folder too.',
    followUp: 'Got it, thanks — I am back in.',
    tags: ['account', 'login'],
  },
  {
    type: 'incident',
    team: 1,
    subject: 'Dashboard shows a blank page since this morning',
    opening: 'Since 8am our dashboard is empty for everyone in the office. Nothing changed on our side.',
    reply: 'Thanks for the report. We found a cache problem on our side and cleared it; please reload the page.',
    note: 'Same symptom as two other accounts today — linked to the CDN purge at 07:45.',
    followUp: 'Works again, thank you for the quick fix.',
    tags: ['dashboard', 'outage'],
  },
  {
    type: 'service-request',
    team: 0,
    subject: 'Please add three new users to our account',
    opening: 'We have three new colleagues starting Monday: can you add seats for them?',
    reply: 'Done: three seats were added and the invitations went out. They will appear on your next invoice.',
    tags: ['seats', 'account'],
  },
  {
    type: 'complaint',
    team: 2,
    subject: 'Charged twice for the March invoice',
    opening: 'We were charged twice for invoice INV-0312. This is the second time this year and it is not acceptable.',
    reply:
      'I am sorry for the double charge. The duplicate payment has been refunded today and you should see it within 3–5 working days. I have also added a credit for the inconvenience.',
    note: 'Root cause: payment retry after gateway timeout. Raised with finance ops.',
    followUp: 'Thank you, the refund arrived.',
    tags: ['billing', 'refund'],
  },
  {
    type: 'question',
    team: 2,
    subject: 'Can we switch to annual billing?',
    opening: 'What would the price be if we paid annually instead of monthly?',
    reply:
      'Annual billing saves two months: I have attached a quote for your current plan. Reply to accept it and we will switch at your next renewal.',
    tags: ['billing', 'pricing'],
  },
  {
    type: 'incident',
    team: 1,
    subject: 'Export to CSV fails with an error',
    opening: 'When I export the monthly report to CSV I get "Export failed (500)".',
    reply: 'The export failed on reports with more than 50,000 rows. A fix is deployed; please try again.',
    note: 'Reproduced with the customer report; fixed in release 4.2.1.',
    tags: ['export', 'bug'],
  },
  {
    type: 'problem',
    team: 1,
    subject: 'Recurring sync delays with the CRM connector',
    opening: 'Several of our users see contacts arriving hours late from the CRM connector.',
    reply: 'We have opened a problem record to find the root cause of the sync delays and will update you as we learn more.',
    note: 'Five incidents this month point to the same queue backlog. 5 whys started.',
    tags: ['integration', 'crm'],
  },
  {
    type: 'question',
    team: 0,
    subject: 'Where can I download our invoices?',
    opening: 'I need the invoices for the last quarter for our accountant.',
    reply: 'You can find every invoice under Settings → Billing → Invoices, each as a PDF.',
    tags: ['billing'],
  },
  {
    type: 'service-request',
    team: 1,
    subject: 'Set up single sign-on for our team',
    opening: 'We would like our staff to sign in with our identity provider. What do you need from us?',
    reply: 'Please send us your IdP metadata URL; we will configure SSO and test it with one of your admins.',
    followUp: 'Here is the metadata URL: https://idp.example/metadata',
    tags: ['sso', 'security'],
  },
  {
    type: 'complaint',
    team: 0,
    subject: 'Nobody answered my call yesterday',
    opening: 'I waited 25 minutes on the phone yesterday and then the line dropped. Very frustrating.',
    reply:
      'I am sorry you waited so long. Yesterday we were short-staffed after an outage; I have called you back to resolve your question and we have added evening cover.',
    tags: ['phone', 'waiting-time'],
  },
  {
    type: 'incident',
    team: 1,
    subject: 'Mobile app crashes on start',
    opening: 'The Android app closes right after the splash screen since the last update.',
    reply: 'Thank you — this affects Android 15 devices. A fixed version (5.3.2) is rolling out in the Play Store today.',
    tags: ['mobile', 'bug'],
  },
  {
    type: 'question',
    team: 0,
    subject: 'Do you support two-factor authentication?',
    opening: 'Our security team asks whether we can enforce 2FA for all users.',
    reply: 'Yes: admins can require 2FA under Settings → Security. Users then set it up at their next sign-in.',
    tags: ['security', 'account'],
  },
];

export const channelMix = [
  { channel: 'email', weight: 45 },
  { channel: 'portal', weight: 20 },
  { channel: 'chat', weight: 20 },
  { channel: 'phone', weight: 15 },
] as const;

export const priorityMix = [
  { priority: 'P1', weight: 3 },
  { priority: 'P2', weight: 15 },
  { priority: 'P3', weight: 60 },
  { priority: 'P4', weight: 22 },
] as const;

/** Saved replies: team is an index into demoTeams (shared with that team), none: shared with everyone. */
export const demoCannedResponses: { title: string; shortcut: string; body: string; team?: number }[] = [
  {
    title: 'Greeting',
    shortcut: 'hello',
    body: 'Hello {{customer.first_name}},\n\nThank you for contacting {{workspace.name}}.',
  },
  {
    title: 'Sign-off',
    shortcut: 'bye',
    body: 'If there is anything else, just reply to this email and we will pick it up.\n\nBest regards,\n{{agent.name}}\n{{workspace.name}}',
  },
  {
    title: 'Looking into it',
    shortcut: 'looking',
    body: 'Hello {{customer.first_name}},\n\nThanks for the details on "{{ticket.subject}}". I am looking into it now and will get back to you today.\n\n{{agent.first_name}}',
  },
  {
    title: 'Need more information',
    shortcut: 'moreinfo',
    body: 'Hello {{customer.first_name}},\n\nTo investigate further, could you send us the steps that lead to the problem, a screenshot of any error and the time it happened?\n\nPlease keep the reference #{{ticket.number}} in the subject.',
  },
  {
    title: 'Escalated to specialists',
    shortcut: 'escalated',
    team: 1,
    body: 'Hello {{customer.first_name}},\n\nI have passed ticket #{{ticket.number}} to our technical specialists, who will contact you directly. Nothing is needed from you for now.',
  },
  {
    title: 'Refund confirmed',
    shortcut: 'refund',
    team: 2,
    body: 'Hello {{customer.first_name}},\n\nWe have issued the refund for {{organisation.name}}. It usually reaches your account within 5–10 business days.\n\nKind regards,\n{{agent.name}}, Billing & Accounts',
  },
];
