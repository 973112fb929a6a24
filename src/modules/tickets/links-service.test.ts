import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relationFrom, storedLink } from './links-service.ts';
import type { LinkRelation } from './structure-schema.ts';

const RELATIONS: LinkRelation[] = ['related', 'duplicate-of', 'duplicated-by', 'parent-of', 'child-of'];
const INVERSE: Record<LinkRelation, LinkRelation> = { related: 'related', 'duplicate-of': 'duplicated-by', 'duplicated-by': 'duplicate-of', 'parent-of': 'child-of', 'child-of': 'parent-of' };

describe('link storage', () => {
  it('stores related once whichever side adds it, and directional kinds by direction', () => {
    expect(storedLink('b', 'a', 'related')).toEqual(storedLink('a', 'b', 'related'));
    expect(storedLink('a', 'b', 'child-of')).toEqual({ from_ticket_id: 'b', to_ticket_id: 'a', kind: 'parent-child' });
    expect(storedLink('a', 'b', 'duplicate-of')).toEqual({ from_ticket_id: 'a', to_ticket_id: 'b', kind: 'duplicate' });
  });

  it('reads back the relation from either side', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.constantFrom(...RELATIONS), (self, other, relation) => {
        fc.pre(self !== other);
        const stored = storedLink(self, other, relation);
        return relationFrom(self, stored) === relation && relationFrom(other, stored) === INVERSE[relation];
      }),
    );
  });
});
