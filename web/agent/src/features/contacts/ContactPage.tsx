import { Button } from '@rapport/ui/Button.tsx';
import { TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { TimelineList } from '../customers/Timeline.tsx';
import { useNpsAnswers } from '../surveys/use-nps-answers.ts';
import { useContact, useOrganisation, useTimeline } from '../customers/use-customer.ts';
import type { Contact } from './api.ts';
import { CustomerTickets, FormActions, lines, QueryState, TierBadge, TierField, useEditing, useFormProblem } from './parts.tsx';
import { useUpdateContact } from './use-contacts.ts';

const t = messages.directory;
const CONSENT_KINDS = ['email', 'sms', 'phone', 'marketing', 'surveys'] as const;

export function ContactPage({ contactId }: { contactId: string }) {
  const contact = useContact(contactId);
  const edit = useEditing();
  if (contact.isError && contact.error instanceof ApiError && contact.error.status === 404)
    return <p className="p-6 text-sm">{t.notFound}</p>;
  return (
    <QueryState query={contact}>
      {() => {
        const data = contact.data as Contact;
        return (
          <div className="h-full overflow-auto">
            <div className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
              <div>
                <Link to="/contacts" className="text-xs text-blue-800 hover:underline">
                  {t.contacts}
                </Link>
                <h1 className="text-lg font-semibold">{data.name}</h1>
              </div>
              {!edit.editing && <Button onClick={edit.start}>{t.edit}</Button>}
            </div>
            <div className="grid grid-cols-1 gap-4 p-5 lg:grid-cols-[minmax(0,24rem)_1fr]">
              <div className="space-y-4">
                {edit.notice(t.saved)}
                {edit.editing ? <ContactForm contact={data} onDone={edit.done} /> : <ContactDetails contact={data} />}
              </div>
              <div className="min-w-0 space-y-4">
                <CustomerTickets query={{ requesterId: data.id }} name={data.name} />
                <ContactNps contact={data} />
                <ContactTimeline contact={data} />
              </div>
            </div>
          </div>
        );
      }}
    </QueryState>
  );
}

/** Every interaction with the contact across channels, newest first, a page at a time. */
function ContactTimeline({ contact }: { contact: Contact }) {
  const timeline = useTimeline(contact.id);
  const tc = messages.customer;
  return (
    <section
      id="timeline"
      aria-labelledby="contact-timeline"
      className="scroll-mt-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="contact-timeline" className="mb-3 text-sm font-semibold text-slate-900">
        {tc.timeline}
      </h2>
      <QueryState query={timeline}>
        {() => {
          const entries = timeline.data?.pages.flatMap((page) => page.items) ?? [];
          if (entries.length === 0) return <p className="text-slate-600">{tc.noTimeline}</p>;
          return (
            <>
              <TimelineList entries={entries} label={tc.timelineCaption(contact.name)} />
              {timeline.hasNextPage && (
                <Button className="mt-3" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
                  {tc.loadMore}
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

/** The contact's NPS answers, newest first: the score (0–10), its group and why. */
function ContactNps({ contact }: { contact: Contact }) {
  const answers = useNpsAnswers({ contactId: contact.id, limit: 5 });
  const tc = messages.customer;
  const tf = messages.feedback;
  return (
    <section aria-labelledby="contact-nps" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="contact-nps" className="mb-3 text-sm font-semibold text-slate-900">
        {tc.npsTitle}
      </h2>
      <QueryState query={answers}>
        {() => {
          const items = answers.data?.pages.flatMap((page) => page.items) ?? [];
          if (items.length === 0) return <p className="text-slate-600">{tc.npsEmpty}</p>;
          return (
            <>
              <ul aria-label={tc.npsCaption(contact.name)} className="space-y-2" data-testid="contact-nps">
                {items.map((item) => (
                  <li key={item.surveyId}>
                    <p>
                      <span className={`font-semibold tabular-nums ${item.group === 'detractor' ? 'text-red-800' : 'text-slate-900'}`}>{tf.npsScore(item.score)}</span>
                      <span className="ml-1 text-slate-700">({tf.npsGroup[item.group]})</span>
                      <span className="ml-2 text-xs text-slate-600">
                        <time dateTime={item.answeredAt}>{formatShortDateTime(item.answeredAt)}</time>
                      </span>
                    </p>
                    {item.comment && <p className="whitespace-pre-wrap text-slate-800">{item.comment}</p>}
                  </li>
                ))}
              </ul>
              {answers.hasNextPage && (
                <Button className="mt-3" onClick={() => void answers.fetchNextPage()} disabled={answers.isFetchingNextPage}>
                  {tc.loadMore}
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function ContactDetails({ contact }: { contact: Contact }) {
  const organisation = useOrganisation(contact.organisationId).data;
  const consent = contact.consent as Record<string, boolean | undefined>;
  return (
    <section aria-labelledby="contact-details" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="contact-details" className="mb-3 text-sm font-semibold text-slate-900">
        {t.details}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="text-slate-600">{t.emails}</dt>
        <dd data-field="emails">{contact.emails.length ? contact.emails.map((email) => <div key={email}>{email}</div>) : t.none}</dd>
        <dt className="text-slate-600">{t.phones}</dt>
        <dd data-field="phones">{contact.phones.length ? contact.phones.map((phone) => <div key={phone}>{phone}</div>) : t.none}</dd>
        <dt className="text-slate-600">{t.columns.tier}</dt>
        <dd data-field="tier">
          <TierBadge tier={contact.tier} />
        </dd>
        <dt className="text-slate-600">{t.columns.organisation}</dt>
        <dd>
          {contact.organisationId ? (
            <Link
              to="/organisations/$organisationId"
              params={{ organisationId: contact.organisationId }}
              className="text-blue-800 hover:underline"
            >
              {organisation?.name ?? messages.app.loading}
            </Link>
          ) : (
            t.noOrganisation
          )}
        </dd>
        <dt className="text-slate-600">{t.consent}</dt>
        <dd>
          <ul>
            {CONSENT_KINDS.map((kind) => (
              <li key={kind}>
                {t.consentKinds[kind]}: {consent[kind] === undefined ? t.consentUnknown : consent[kind] ? t.consentYes : t.consentNo}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

function ContactForm({ contact, onDone }: { contact: Contact; onDone: (saved: boolean) => void }) {
  const titleId = useId();
  const [name, setName] = useState(contact.name);
  const [tier, setTier] = useState(contact.tier);
  const [emails, setEmails] = useState(contact.emails.join('\n'));
  const [phones, setPhones] = useState(contact.phones.join('\n'));
  const update = useUpdateContact(contact.id);
  const problem = useFormProblem(update.error, ['name', 'tier', 'emails', 'phones']);

  return (
    <form
      aria-labelledby={titleId}
      className="space-y-3 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ name: name.trim(), tier, emails: lines(emails), phones: lines(phones) }, { onSuccess: () => onDone(true) });
      }}
    >
      <h2 id={titleId} className="text-sm font-semibold text-slate-900">
        {t.editTitle(contact.name)}
      </h2>
      {problem.summary}
      <TextField label={t.name} value={name} onChange={(event) => setName(event.target.value)} error={problem.error('name')} />
      <TierField value={tier} onChange={setTier} error={problem.error('tier')} />
      <TextAreaField
        label={t.emailsField}
        rows={3}
        value={emails}
        onChange={(event) => setEmails(event.target.value)}
        error={problem.error('emails')}
      />
      <TextAreaField
        label={t.phonesField}
        rows={3}
        value={phones}
        onChange={(event) => setPhones(event.target.value)}
        error={problem.error('phones')}
      />
      <FormActions pending={update.isPending} onCancel={() => onDone(false)} />
    </form>
  );
}
