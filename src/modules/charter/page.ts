import { escapeHtml } from '../../lib/escape-html.ts';
import type { Charter, Measured } from './charter.ts';

/** The charter as a server-rendered page: readable without JavaScript, indexable. Pure. */

const STYLE = `
body{font:16px/1.6 system-ui,sans-serif;color:#1a1a1a;background:#f6f7f9;margin:0}
header{background:#1e3a8a;color:#fff;padding:1rem 1.5rem}header p{margin:0;font-weight:600;font-size:1.15rem}
main{max-width:56rem;margin:1.5rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.6rem;margin:.25rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}th,td{border-bottom:1px solid #e5e7eb;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right;white-space:nowrap}.meta{color:#4b5563;font-size:.9rem}ol li{margin:.25rem 0}
`;

const percent = (value: Measured) =>
  value.percent === null
    ? '<span class="meta">nothing due</span>'
    : `${value.percent.toFixed(1)} % <span class="meta">(${value.met} of ${value.due})</span>`;

export function renderCharter(charter: Charter, generatedAt: string) {
  const services = charter.services.length
    ? `<h2>Our services</h2>${charter.services
        .map(
          (service) => `<h3>${escapeHtml(service.name)}</h3><p>${escapeHtml(service.scope)}</p>
<p class="meta">Delivered: ${escapeHtml(service.delivery)}${service.channels.length ? ` · Channels: ${service.channels.map(escapeHtml).join(', ')}` : ''}${service.policyName ? ` · Service level: ${escapeHtml(service.policyName)}` : ''}</p>
${service.entitlements.length ? `<ul>${service.entitlements.map((entitlement) => `<li>${escapeHtml(entitlement)}</li>`).join('')}</ul>` : ''}`,
        )
        .join('')}`
    : '';
  const channels = charter.channels
    .map(
      (channel) => `<h3>${escapeHtml(channel.channel[0].toUpperCase() + channel.channel.slice(1))}</h3>
<p class="meta">Hours: ${escapeHtml(channel.hours)}</p>
<table><caption class="meta" style="text-align:left">What we promise on ${escapeHtml(channel.channel)} by priority, and how often we kept it</caption>
<thead><tr><th scope="col">Priority</th><th scope="col">Promise</th><th scope="col">Within</th><th scope="col">Kept, last 30 days</th><th scope="col">Kept, last 90 days</th></tr></thead>
<tbody>${channel.promises
        .flatMap((promise) =>
          promise.targets.map(
            (target, index) =>
              `<tr>${index === 0 ? `<th scope="row" rowspan="${promise.targets.length}">${escapeHtml(promise.priority)}</th>` : ''}<td>${escapeHtml(target.label)}</td><td>${escapeHtml(target.within)}</td><td class="num">${percent(target.last30)}</td><td class="num">${percent(target.last90)}</td></tr>`,
          ),
        )
        .join('')}</tbody></table>`,
    )
    .join('');
  const complaints = `<h2>If you are not happy</h2>
<p>Tell us on any channel and say it is a complaint. Every complaint follows these steps:</p>
<ol>${charter.complaints.map((step) => `<li>${escapeHtml(step.label)}${step.within ? ` — within ${escapeHtml(step.within)}` : ''}</li>`).join('')}</ol>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service charter — ${escapeHtml(charter.workspaceName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>${escapeHtml(charter.workspaceName)}</p></header>
<main>
<h1>Our service charter</h1>
<p>What we promise, and how well we keep it. The figures are measured from our own records and updated continuously; priorities run from P1 (urgent) to P4 (low).</p>
${services}
<h2>How to reach us, and how fast we answer</h2>
${channels || '<p>No service levels are published yet.</p>'}
${complaints}
<p class="meta">Generated ${escapeHtml(generatedAt)}.</p>
</main>
</body>
</html>`;
}
