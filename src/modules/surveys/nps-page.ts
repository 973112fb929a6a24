// The customer's NPS page, rendered on the server like the CSAT one: a plain HTML form that works
// without JavaScript, every piece of text escaped (the comment is user input).

import type { NpsAnswer } from './nps-rules.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { documentOf } from './page.ts';

export interface NpsPage {
  workspaceName: string;
  /** open: the form; thanks: just saved; expired: no more answers; staff: read-only for a signed-in staff user. */
  state: 'open' | 'thanks' | 'expired' | 'staff';
  answer: NpsAnswer | null;
  /** The form action: the survey's own path. */
  action: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

// A row of eleven choices that wraps on a narrow screen; the checked one stands out. Each radio
// lies invisible over its box, so a click anywhere on the box chooses it.
const SCALE_STYLE = `
.scale{display:flex;flex-wrap:wrap;gap:.35rem;margin:.25rem 0 .5rem}
.scale span{position:relative}
.scale input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.scale label{display:inline-flex;align-items:center;justify-content:center;min-width:2.5rem;height:2.5rem;border:1px solid #64748b;border-radius:6px;cursor:pointer;font-weight:600}
.scale input:checked+label{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.scale input:focus-visible+label{outline:3px solid #f59e0b;outline-offset:2px}
.scale input:disabled+label{cursor:default;color:#444}
.ends{display:flex;justify-content:space-between;color:#555;font-size:.9rem;max-width:34rem}
`;

function formOf(page: NpsPage, disabled: boolean) {
  const values = page.values ?? {};
  const score = values.score !== undefined ? (/^\d{1,2}$/.test(values.score) ? Number(values.score) : null) : (page.answer?.score ?? null);
  const comment = values.comment ?? page.answer?.comment ?? '';
  const off = disabled ? ' disabled' : '';
  const errors = page.errors ?? {};
  const summary = Object.keys(errors).length
    ? `<div class="summary" role="alert"><p class="error">Your answer was not saved:</p><ul>${Object.entries(errors)
        .map(([field, message]) => `<li><a href="#${field === 'score' ? 'score-0' : field}">${escapeHtml(field)}: ${escapeHtml(message)}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const errorOf = (field: string) => (errors[field] ? `<p class="error" id="${field}-error">${escapeHtml(errors[field])}</p>` : '');
  const described = errors.score ? ' aria-describedby="score-ends score-error"' : ' aria-describedby="score-ends"';
  const choices = Array.from({ length: 11 }, (_, value) => {
    const checked = score === value ? ' checked' : '';
    return `<span><input type="radio" id="score-${value}" name="score" value="${value}"${checked} required${off}${described}><label for="score-${value}">${value}</label></span>`;
  }).join('\n');
  return `${summary}<form method="post" action="${escapeHtml(page.action)}" novalidate>
<fieldset${off}>
<legend>How likely are you to recommend us to a friend or colleague?</legend>
${errorOf('score')}<div class="scale">
${choices}
</div>
<p class="ends" id="score-ends"><span>0 = not at all likely</span> <span>10 = extremely likely</span></p>
</fieldset>
<div class="field">
<label class="block" for="comment">Why? (optional)</label>
${errorOf('comment')}<textarea id="comment" name="comment" maxlength="2000"${off}>${escapeHtml(comment)}</textarea>
</div>
${disabled ? '' : `<button type="submit">${page.answer ? 'Change my answer' : 'Send my answer'}</button>`}
</form>`;
}

export function renderNpsPage(page: NpsPage) {
  const heading = `<h1>How likely are you to recommend ${escapeHtml(page.workspaceName)}?</h1>`;
  let body: string;
  switch (page.state) {
    case 'thanks':
      body = `${heading}\n<div class="notice" role="status"><p><strong>Thank you for your answer.</strong> You can change it below for 28 days after we asked.</p></div>\n${formOf(page, false)}`;
      break;
    case 'expired':
      body = `${heading}\n<div class="notice" role="status"><p>This survey has closed: answers are taken for 28 days after it was sent.</p></div>\n${
        page.answer
          ? `<p>Your answer: <strong>${page.answer.score} of 10</strong>.</p>${page.answer.comment ? `<p>You said:</p><blockquote>${escapeHtml(page.answer.comment).replace(/\n/g, '<br>')}</blockquote>` : ''}`
          : '<p>No answer was given.</p>'
      }`;
      break;
    case 'staff':
      body = `${heading}\n<div class="notice" role="status"><p>You are signed in as staff: you see this survey read-only. Only the customer can answer it.</p></div>\n${
        page.answer ? '' : '<p>Not answered yet.</p>\n'
      }${formOf(page, true)}`;
      break;
    default:
      body = `${heading}\n${formOf(page, false)}`;
  }
  return documentOf(`How likely are you to recommend ${page.workspaceName}?`, body, SCALE_STYLE);
}
