import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstName, type RenderContext, renderCannedResponse, unknownVariables, VARIABLES, variablesIn } from './render.ts';

const full: RenderContext = {
  customer: { name: 'Jane Roe', email: 'jane@northwind.example' },
  organisation: { name: 'Northwind Traders' },
  ticket: { number: 1042, subject: 'Invoice missing' },
  agent: { name: 'Sam Okafor' },
  workspace: { name: 'Demo Desk' },
};

describe('canned response rendering', () => {
  it('fills in every variable', () => {
    const body = VARIABLES.map((name) => `${name}={{${name}}}`).join('\n');
    expect(renderCannedResponse(body, full)).toBe(
      [
        'customer.first_name=Jane',
        'customer.name=Jane Roe',
        'customer.email=jane@northwind.example',
        'organisation.name=Northwind Traders',
        'ticket.number=1042',
        'ticket.subject=Invoice missing',
        'agent.first_name=Sam',
        'agent.name=Sam Okafor',
        'workspace.name=Demo Desk',
      ].join('\n'),
    );
  });

  it('allows spaces inside the braces and repeats', () => {
    expect(renderCannedResponse('Hi {{ customer.first_name }}, {{customer.first_name}}!', full)).toBe('Hi Jane, Jane!');
  });

  it('renders missing values as empty strings', () => {
    expect(renderCannedResponse('Hello {{customer.first_name}} of {{organisation.name}} ({{customer.email}})', {})).toBe('Hello  of  ()');
    expect(renderCannedResponse('{{organisation.name}}', { ...full, organisation: null })).toBe('');
    expect(renderCannedResponse('#{{ticket.number}}', { ticket: { number: null, subject: 'x' } })).toBe('#');
  });

  it('leaves unknown variables and lone braces as written', () => {
    expect(renderCannedResponse('{{customer.phone}} {{ nope', full)).toBe('{{customer.phone}} {{ nope');
    expect(renderCannedResponse('a { b } c {}', full)).toBe('a { b } c {}');
  });

  it('finds unknown variables, once each, in order', () => {
    expect(unknownVariables('Hi {{customer.first_name}}')).toEqual([]);
    expect(unknownVariables('{{ customer.phone }} {{Customer.Name}} {{customer.phone}} {{}}')).toEqual([
      'customer.phone',
      'Customer.Name',
      '',
    ]);
    expect(variablesIn('{{ticket.number}} {{x}} {{ticket.number}}')).toEqual(['ticket.number', 'x']);
  });

  it('takes a sensible first name', () => {
    expect(firstName('Jane Roe')).toBe('Jane');
    expect(firstName('  Jane   Mary Roe ')).toBe('Jane');
    expect(firstName('Dr. Jane Roe')).toBe('Jane');
    expect(firstName('Mr Tomás Rivera')).toBe('Tomás');
    expect(firstName('Roe, Jane')).toBe('Jane');
    expect(firstName('Roe,')).toBe('Roe,');
    expect(firstName('Cher')).toBe('Cher');
    expect(firstName('Dr')).toBe('Dr');
    expect(firstName('jane@example.com')).toBe('');
    expect(firstName('')).toBe('');
    expect(firstName(null)).toBe('');
  });

  it('changes nothing in a text without placeholders (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !text.includes('{{')),
        (text) => {
          expect(renderCannedResponse(text, full)).toBe(text);
          expect(variablesIn(text)).toEqual([]);
        },
      ),
    );
  });

  it('leaves no known variable behind, whatever the values (property)', () => {
    const value = fc.option(fc.string({ maxLength: 20 }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(...VARIABLES).map((name) => `{{${name}}}`),
            fc.string({ maxLength: 10 }),
          ),
          { maxLength: 10 },
        ),
        value,
        value,
        (parts, customerName, agentName) => {
          const body = parts.join(' ');
          const rendered = renderCannedResponse(body, {
            ...full,
            customer: { name: customerName, email: null },
            agent: { name: agentName },
          });
          // Values are inserted, never rendered again: a value containing braces stays as it is.
          if (unknownVariables(body).length === 0 && !`${customerName}${agentName}`.includes('{')) {
            for (const name of VARIABLES) expect(rendered).not.toContain(`{{${name}}}`);
          }
        },
      ),
    );
  });
});
