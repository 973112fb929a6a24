import type { Transaction } from 'kysely';
import type { Database, Db } from './types.ts';

/**
 * A database handle that runs "transactions" inside an already open one, so services that own their
 * transaction can take part in a larger unit of work (e.g. the email processor stores a ticket and
 * marks the message processed atomically).
 */
export function joinTransaction(tx: Transaction<Database>): Db {
  const inline = {
    execute: <T>(work: (inner: Transaction<Database>) => Promise<T>) => work(tx),
    setIsolationLevel: () => inline,
  };
  // A proxy, not a subclass: Kysely keeps its state in private fields, so methods run on `tx` itself.
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'transaction') return () => inline;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Db;
}
