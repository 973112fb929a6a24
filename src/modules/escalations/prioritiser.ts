import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import type { ContactService } from '../contacts/service.ts';
import type { OrganisationService } from '../organisations/service.ts';
import type { Priority } from '../tickets/schema.ts';
import type { PriorityFacts, TicketPrioritiser } from '../tickets/service.ts';
import { computePriority, customerTier, decidePriority, explainPriority } from './priority.ts';
import { effectiveSettings, type StoredEscalationSettings } from './settings.ts';

export interface PrioritiserDeps {
  settings(tx: Executor, workspaceId: string): Promise<StoredEscalationSettings>;
  contacts: Pick<ContactService, 'findRow'>;
  organisations: Pick<OrganisationService, 'getMany'>;
}

/** The ticket service's priority rules: the workspace's matrix, raised by the customer's tier; overrides need a reason. */
export function createPrioritiser(deps: PrioritiserDeps): TicketPrioritiser {
  return {
    async decide(tx: Executor, actor: Actor, facts: PriorityFacts) {
      let computed: Priority | undefined;
      let explanation: string | undefined;
      if (facts.impact && facts.urgency) {
        const settings = effectiveSettings(await deps.settings(tx, actor.workspaceId));
        const contact = await deps.contacts.findRow(tx, actor, facts.requesterId);
        const [organisation] = facts.organisationId ? await deps.organisations.getMany(tx, actor, [facts.organisationId]) : [];
        const input = { impact: facts.impact, urgency: facts.urgency, tier: customerTier(contact?.tier, organisation?.tier) };
        computed = computePriority(input, settings.priorityMatrix, settings.tierRaise);
        explanation = explainPriority(input, settings.priorityMatrix, settings.tierRaise);
      }
      const reason = facts.reason?.trim() || undefined;
      const decision = decidePriority({ computed, explicit: facts.explicit, reason });
      const note = decision.overridden ? `Overrides ${decision.overridden} (${explanation}): ${reason}` : facts.explicit ? reason : explanation;
      return { ...decision, note };
    },
  };
}
