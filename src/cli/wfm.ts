import type { Command } from 'commander';
import { agentsForServiceLevel, findServiceLevelProblems, type ServiceLevelInput } from '../modules/wfm/erlang-c.ts';
import { findStaffingProblems, type InputProblem, requiredAgents, type StaffingInput } from '../modules/wfm/staffing.ts';
import { badInput } from './cli-error.ts';

// Every flag is declared optional to commander and checked here, so a missing one is reported like any
// other bad value: exit code 2 and one sentence naming the flag, with nothing on standard output.

interface Flag<Field extends string> {
  field: Field;
  flag: string;
  /** What the value is, for the "is required" sentence. */
  meaning: string;
  example: string;
  required: boolean;
}

type Texts = Record<string, string | undefined>;

const staffFlags: Flag<keyof StaffingInput>[] = [
  { field: 'contactsPerHour', flag: '--contacts-per-hour', meaning: 'the contacts expected per hour', example: '120', required: true },
  { field: 'ahtSeconds', flag: '--aht-seconds', meaning: 'the average handling time in seconds', example: '300', required: true },
  { field: 'occupancy', flag: '--occupancy', meaning: 'the target occupancy as a fraction', example: '0.55', required: true },
  { field: 'buffer', flag: '--buffer', meaning: 'the forecast buffer as a fraction', example: '0.15', required: false },
];

const erlangFlags: Flag<keyof ServiceLevelInput>[] = [
  staffFlags[0] as Flag<keyof ServiceLevelInput>,
  staffFlags[1] as Flag<keyof ServiceLevelInput>,
  { field: 'targetPercent', flag: '--target-percent', meaning: 'the percentage to answer in time', example: '80', required: true },
  { field: 'targetSeconds', flag: '--target-seconds', meaning: 'the answer time target in seconds', example: '20', required: true },
  { field: 'shrinkage', flag: '--shrinkage', meaning: 'the share of paid time agents are unavailable', example: '0.3', required: false },
  { field: 'maxOccupancy', flag: '--max-occupancy', meaning: 'the highest occupancy allowed', example: '0.85', required: false },
];

export function registerWfmCommands(program: Command) {
  const wfm = program.command('wfm').description('Workforce management: how many agents a contact volume needs');
  wfm
    .command('staff')
    .description('Print the agents a workload needs at a target occupancy, as {"agents":…,"agentsRounded":…}')
    .option('--contacts-per-hour <n>', 'contacts expected per hour, more than 0 (required)')
    .option('--aht-seconds <s>', 'average handling time in seconds, more than 0 (required)')
    .option('--occupancy <o>', 'target occupancy, a fraction in (0, 1]: 0.55 for 55 % (required)')
    .option('--buffer <b>', 'forecast buffer, a fraction above -1: 0.15 for 15 % more, -0.1 for 10 % fewer (default 0)')
    .addHelpText(
      'after',
      `
agents = contacts per hour × AHT seconds ÷ (3600 × occupancy) × (1 + buffer), not rounded;
agentsRounded is its ceiling, taken of the exact value (float noise never adds an agent).

Examples:
  $ rapport wfm staff --contacts-per-hour 120 --aht-seconds 300 --occupancy 0.55
  {"agents":18.181818181818183,"agentsRounded":19}
  $ rapport wfm staff --contacts-per-hour=100 --aht-seconds=360 --occupancy=1 --buffer=0.1
  {"agents":11,"agentsRounded":11}

Bad input (a missing flag, a value that is not a number, a value out of range) exits with code 2.`,
    )
    .action((texts: Texts) => {
      const input = readInput(staffFlags, texts, findStaffingProblems);
      process.stdout.write(`${JSON.stringify(requiredAgents(input))}\n`);
    });

  wfm
    .command('erlang-c')
    .description('Print the fewest agents that answer P % of contacts within T seconds (Erlang C), with the queue they give')
    .option('--contacts-per-hour <n>', 'contacts expected per hour, more than 0 (required)')
    .option('--aht-seconds <s>', 'average handling time in seconds, more than 0 (required)')
    .option('--target-percent <p>', 'service-level target in percent, more than 0 and less than 100 (required)')
    .option('--target-seconds <t>', 'answer within this many seconds, 0 or more (required)')
    .option('--shrinkage <x>', 'share of paid time agents are unavailable, a fraction in [0, 1) (default 0)')
    .option('--max-occupancy <m>', 'highest occupancy allowed, a fraction in (0, 1]')
    .addHelpText(
      'after',
      `
Traffic A = contacts per hour × AHT seconds ÷ 3600 Erlangs. The answer is the smallest whole number of
agents c above A whose service level 1 − Pw·e^(−(c − A)·T ÷ AHT) reaches the target (and, with
--max-occupancy, whose occupancy A ÷ c is at most it). It prints, at c:
  agents, serviceLevel (fraction answered within T), probabilityOfWaiting (Erlang C),
  averageSpeedOfAnswerSeconds, occupancy, scheduledAgents = ceil(agents ÷ (1 − shrinkage)).

Examples:
  $ rapport wfm erlang-c --contacts-per-hour 100 --aht-seconds 240 --target-percent 80 --target-seconds 20
  {"agents":10,"serviceLevel":0.8677602807199964,"probabilityOfWaiting":0.17458192373801312,"averageSpeedOfAnswerSeconds":12.569898509136946,"occupancy":0.6666666666666666,"scheduledAgents":10}
  $ rapport wfm erlang-c --contacts-per-hour=100 --aht-seconds=240 --target-percent=80 --target-seconds=20 --shrinkage=0.3 --max-occupancy=0.6
  {"agents":12,"serviceLevel":0.9706456341752382,"probabilityOfWaiting":0.04578175869764402,"averageSpeedOfAnswerSeconds":2.060179141393981,"occupancy":0.5555555555555556,"scheduledAgents":18}

Bad input (a missing flag, a value that is not a number, a value out of range) exits with code 2.`,
    )
    .action((texts: Texts) => {
      const input = readInput(erlangFlags, texts, findServiceLevelProblems);
      process.stdout.write(`${JSON.stringify(agentsForServiceLevel(input))}\n`);
    });
}

// Plain decimals only: Number() would also take "", "0x10", "Infinity" and " ".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The numbers the flags give, or a bad-input error naming the first flag that is missing or wrong. */
function readInput<Field extends string>(
  flags: Flag<Field>[],
  texts: Texts,
  findProblems: (input: Record<Field, number>) => InputProblem<Field>[],
): Record<Field, number> {
  const input = {} as Record<Field, number>;
  for (const { field, flag, meaning, example, required } of flags) {
    const text = texts[camelCase(flag)];
    if (text === undefined) {
      if (required) throw badInput(`${flag} is required: ${meaning}, e.g. ${flag} ${example}.`);
      continue;
    }
    if (!DECIMAL.test(text.trim()) || !Number.isFinite(Number(text))) {
      throw badInput(`${flag} must be a number like ${example}, not ${quote(text)}.`);
    }
    input[field] = Number(text);
  }
  const problem = findProblems(input)[0];
  if (problem) {
    const { flag } = flags.find((each) => each.field === problem.field)!;
    throw badInput(`${flag} ${problem.rule}, not ${quote(texts[camelCase(flag)] ?? '')}.`);
  }
  return input;
}

// Commander's attribute names: --contacts-per-hour → contactsPerHour.
const camelCase = (flag: string) => flag.slice(2).replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());

const quote = (text: string) => JSON.stringify(text);
