// The customer's survey pages, rendered on the server: plain HTML forms that work without
// JavaScript, with every piece of text escaped (ticket subjects and comments are user input).

import { escapeHtml } from '../../lib/escape-html.ts';
import type { ParsedAnswer } from './rules.ts';

export interface SurveyPage {
  workspaceName: string;
  ticketNumber: number;
  ticketSubject: string;
  /** open: the form; thanks: just saved; expired / closed: no more answers; staff: read-only for a signed-in staff user. */
  state: 'open' | 'thanks' | 'expired' | 'closed' | 'staff';
  cesAsked: boolean;
  reasons: readonly string[];
  answer: ParsedAnswer | null;
  /** The form action: the survey's own path. */
  action: string;
  /** After a refused submission: what was sent (shown again) and what is wrong, by field. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
}


const SCORE_LABELS = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];
const CES_LABELS = [
  'Very difficult',
  'Difficult',
  'Somewhat difficult',
  'Neither easy nor difficult',
  'Somewhat easy',
  'Easy',
  'Very easy',
];

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f6f7f9;margin:0;padding:1rem}
main{max-width:36rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin:0 0 .25rem}p.ticket{color:#555;margin:0 0 1.5rem}
fieldset{border:0;padding:0;margin:0 0 1.25rem}legend{font-weight:600;margin-bottom:.5rem}
.choice{display:flex;align-items:center;gap:.5rem;padding:.2rem 0}.stars{color:#c77700;letter-spacing:2px}
label.block{display:block;font-weight:600;margin-bottom:.35rem}select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.4rem}
textarea{min-height:6rem}.field{margin-bottom:1.25rem}.error{color:#b00020;font-weight:600}.hint{color:#555;font-size:.9rem}
.summary{border:2px solid #b00020;border-radius:6px;padding:.5rem 1rem;margin-bottom:1rem}
button{font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:.6rem 1.4rem;cursor:pointer}
button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.notice{background:#eef2ff;border-radius:6px;padding:.75rem 1rem;margin-bottom:1rem}
@supports selector(:has(*)){.reason{display:none}form:has(input[name=score][value="1"]:checked) .reason,form:has(input[name=score][value="2"]:checked) .reason{display:block}}
`;

/** A whole survey page: the shared look, no scripts. */
export function documentOf(title: string, body: string, extraStyle = '') {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page for a link that names no survey (forged, mistyped, or a survey that was never sent). */
export const renderInvalidSurveyPage = () =>
  documentOf(
    'Survey not found',
    '<h1>This survey link is not valid</h1>\n<p>Please check that you opened the whole link from the email.</p>',
  );

function errorOf(page: SurveyPage, field: string) {
  const message = page.errors?.[field];
  return message ? `<p class="error" id="${field}-error">${escapeHtml(message)}</p>` : '';
}

function radios(page: SurveyPage, name: string, labels: readonly string[], current: number | null, disabled: boolean, stars: boolean) {
  const described = page.errors?.[name] ? ` aria-describedby="${name}-error"` : '';
  return labels
    .map((label, index) => {
      const value = index + 1;
      const checked = current === value ? ' checked' : '';
      const required = name === 'score' ? ' required' : '';
      const visual = stars ? `<span class="stars" aria-hidden="true">${'★'.repeat(value)}${'☆'.repeat(labels.length - value)}</span> ` : '';
      return `<div class="choice"><input type="radio" id="${name}-${value}" name="${name}" value="${value}"${checked}${required}${disabled ? ' disabled' : ''}${described}><label for="${name}-${value}">${visual}${value} — ${escapeHtml(label)}</label></div>`;
    })
    .join('\n');
}

function formOf(page: SurveyPage, disabled: boolean) {
  const values = page.values ?? {};
  const answer = page.answer;
  const score = values.score !== undefined ? Number(values.score) || null : (answer?.score ?? null);
  const ces = values.ces !== undefined ? Number(values.ces) || null : (answer?.ces ?? null);
  const reason = values.reason ?? answer?.reason ?? '';
  const comment = values.comment ?? answer?.comment ?? '';
  const off = disabled ? ' disabled' : '';
  const summary =
    page.errors && Object.keys(page.errors).length
      ? `<div class="summary" role="alert"><p class="error">Your answer was not saved:</p><ul>${Object.entries(page.errors)
          .map(
            ([field, message]) =>
              `<li><a href="#${field === 'score' || field === 'ces' ? `${field}-1` : field}">${escapeHtml(field)}: ${escapeHtml(message)}</a></li>`,
          )
          .join('')}</ul></div>`
      : '';
  const reasonOptions = [
    `<option value="">Choose a reason (optional)</option>`,
    ...page.reasons.map(
      (option) => `<option value="${escapeHtml(option)}"${option === reason ? ' selected' : ''}>${escapeHtml(option)}</option>`,
    ),
  ];
  if (reason && !page.reasons.includes(reason))
    reasonOptions.push(`<option value="${escapeHtml(reason)}" selected>${escapeHtml(reason)}</option>`);
  return `${summary}<form method="post" action="${escapeHtml(page.action)}" novalidate>
<fieldset${off}>
<legend>How satisfied are you with the support you received?</legend>
${errorOf(page, 'score')}${radios(page, 'score', SCORE_LABELS, score, disabled, true)}
</fieldset>
<div class="field reason">
<label class="block" for="reason">What went wrong?</label>
<p class="hint" id="reason-hint">Only for a rating of 1 or 2.</p>
${errorOf(page, 'reason')}<select id="reason" name="reason" aria-describedby="reason-hint"${off}>${reasonOptions.join('')}</select>
</div>
${
  page.cesAsked
    ? `<fieldset${off}>
<legend>How easy was it to get your issue resolved?</legend>
${errorOf(page, 'ces')}${radios(page, 'ces', CES_LABELS, ces, disabled, false)}
</fieldset>
`
    : ''
}<div class="field">
<label class="block" for="comment">Anything you would like to tell us? (optional)</label>
${errorOf(page, 'comment')}<textarea id="comment" name="comment" maxlength="2000"${off}>${escapeHtml(comment)}</textarea>
</div>
${disabled ? '' : `<button type="submit">${answer ? 'Change my answer' : 'Send my answer'}</button>`}
</form>`;
}

export function renderSurveyPage(page: SurveyPage) {
  const heading = `<h1>How did ${escapeHtml(page.workspaceName)} do?</h1>\n<p class="ticket">About your request #${page.ticketNumber}: ${escapeHtml(page.ticketSubject)}</p>`;
  const summaryOf = (answer: ParsedAnswer) =>
    `<p>Your rating: <strong>${answer.score} of 5</strong> (${escapeHtml(SCORE_LABELS[answer.score - 1])})${answer.ces ? `; ease: ${answer.ces} of 7` : ''}${answer.reason ? `; reason: ${escapeHtml(answer.reason)}` : ''}.</p>${
      answer.comment ? `<p>Your comment:</p><blockquote>${escapeHtml(answer.comment).replace(/\n/g, '<br>')}</blockquote>` : ''
    }`;
  let body: string;
  switch (page.state) {
    case 'thanks':
      body = `${heading}\n<div class="notice" role="status"><p><strong>Thank you for your feedback.</strong> You can change your answer below while your request is open.</p></div>\n${formOf(page, false)}`;
      break;
    case 'expired':
    case 'closed':
      body = `${heading}\n<div class="notice" role="status"><p>${
        page.state === 'expired'
          ? 'This survey has closed: answers are taken for 28 days after it was sent.'
          : 'This survey has closed because your request is closed.'
      }</p></div>\n${page.answer ? summaryOf(page.answer) : '<p>No answer was given.</p>'}`;
      break;
    case 'staff':
      body = `${heading}\n<div class="notice" role="status"><p>You are signed in as staff: you see this survey read-only. Only the customer can answer it.</p></div>\n${
        page.answer ? '' : '<p>Not answered yet.</p>\n'
      }${formOf(page, true)}`;
      break;
    default:
      body = `${heading}\n${formOf(page, false)}`;
  }
  return documentOf(`Feedback on request #${page.ticketNumber}`, body);
}
