import type { HookResponse } from './handle-hook';

// The few small HTML pages the webhook URL answers to people rather than to
// programs: the thank-you page after a plain browser form post (when the
// trigger has no redirectUrl), and the page a browser or a link previewer gets
// when it opens the URL with a GET the trigger does not accept. Self-contained
// (inline CSS, no scripts, no other requests) and sent with a CSP that forbids
// everything else. Nothing here runs for a request from a program: the callers
// first check wantsHtml / isLinkPreview, which are a string search each.

/** A browser form post or navigation: the Accept header names text/html. */
export const wantsHtml = (accept: string | null | undefined): boolean => !!accept && accept.includes('text/html');

// Chat apps', mail scanners' and social sites' link preview fetchers (they do not always send Accept: text/html).
const PREVIEWER =
  /slackbot|slack-imgproxy|discordbot|telegrambot|whatsapp|facebookexternalhit|facebot|twitterbot|linkedinbot|skypeuripreview|microsoft office|teams|outlook|googlebot|google-read-aloud|bingbot|bingpreview|applebot|embedly|iframely|pinterest|redditbot|mattermost|rocket\.chat|zoom|mimecast|proofpoint|barracuda|safelinks|bot\b|crawler|spider|preview/i;

/** A link previewer or another crawler, by its User-Agent. */
export const isLinkPreview = (userAgent: string | null | undefined): boolean =>
  !!userAgent && PREVIEWER.test(userAgent);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const STYLE =
  'body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;' +
  'font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a}' +
  'main{max-width:32rem;margin:1.5rem;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}' +
  'h1{margin:0 0 .5rem;font-size:1.375rem}p{margin:.5rem 0;color:#334155}a{color:#4f46e5}';

function page(title: string, paragraphs: string[], backTo: string | null): string {
  const back = backTo ? `<p><a href="${escapeHtml(backTo)}">Back to the form</a></p>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${back}</main></body></html>`
  );
}

/** The page a submission came from, for a "Back to the form" link: only an http(s) URL. */
function formPage(referer: string | null | undefined): string | null {
  if (!referer) return null;
  try {
    const u = new URL(referer);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export type ThankYouKind = 'accepted' | 'held' | 'test' | 'duplicate';

const THANKS: Record<ThankYouKind, [string, string[]]> = {
  // Held (the flow is paused) reads the same to the person who filled in the form: it was received and will be handled.
  accepted: ['Thank you!', ['Your submission has been received.']],
  held: ['Thank you!', ['Your submission has been received.']],
  duplicate: ['Thank you!', ['This submission was already received earlier, so there is no need to send it again.']],
  test: ['Test submission received', ['It was kept as a sample for the flow’s editor. Nothing else happens with it.']],
};

/** 200 text/html after a browser form post, instead of the JSON answer. */
export function thankYouPage(
  kind: ThankYouKind,
  referer: string | null | undefined,
  cors: Record<string, string>,
): HookResponse {
  const [title, paragraphs] = THANKS[kind];
  return { status: 200, headers: { ...cors, ...PAGE_HEADERS }, body: page(title, paragraphs, formPage(referer)) };
}

/** What a browser or link previewer sees when it opens a webhook URL that does not accept GET. */
export function webhookInfoPage(allow: string, cors: Record<string, string>): HookResponse {
  return {
    status: 200,
    headers: { ...cors, ...PAGE_HEADERS, allow },
    body: page(
      'Switchboard webhook address',
      [
        'This is a Switchboard webhook address. Forms and apps send data here; there is nothing to see in a browser.',
        'Opening it did not send anything: nothing was stored and no flow ran.',
      ],
      null,
    ),
  };
}
