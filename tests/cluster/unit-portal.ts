// A focal person's browser against the cluster's web processes, over real HTTP: the personal link
// taken from the reminder the SMTP server received, the form opened (the CSRF secret cookie the page
// sets and the page's token and submission id), and the form posted, to whichever web process. Both
// processes sign cookies with one secret (deploy/cluster.sh), so a form opened on one may be posted to
// the other, as behind one address.
import http from 'node:http';
import type { MailCatcher } from '../../mail/catcher.ts';
import { multipart, type Part } from '../helpers/uploads.ts';

export interface OpenedForm {
  token: string;
  cookie: string;
  csrf: string;
  submissionId: string;
}

/** token → the address it was sent to, from the reminders received so far. */
export function linksByAddress(catcher: MailCatcher): Map<string, string> {
  const links = new Map<string, string>();
  for (const m of catcher.messages()) {
    const token = /\/r\/([A-Za-z0-9_-]{16,})/.exec(m.text)?.[1];
    if (token && m.to[0]) links.set(m.to[0], token);
  }
  return links;
}

export async function openReportForm(webUrl: string, token: string): Promise<OpenedForm> {
  const res = await fetch(`${webUrl}/r/${token}`);
  const page = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  const submissionId = /name="submissionId" value="([^"]+)"/.exec(page)?.[1];
  if (res.status !== 200 || !csrf || !submissionId) throw new Error(`no report form at /r/${token} (${res.status})`);
  return { token, csrf, submissionId, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

/** Posts the report (a comment) as the form's browser would; resolves with the status (303 when stored). */
export async function postReport(webUrl: string, f: OpenedForm, comment: string): Promise<number> {
  const res = await fetch(`${webUrl}/r/${f.token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: f.cookie },
    body: new URLSearchParams({ _csrf: f.csrf, submissionId: f.submissionId, comment }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Posts the report with a file, the whole body at once; resolves with the status. */
export async function postFile(webUrl: string, f: OpenedForm, file: Part): Promise<number> {
  const { payload, contentType } = multipart([{ name: '_csrf', value: f.csrf }, { name: 'submissionId', value: f.submissionId }, file]);
  const res = await fetch(`${webUrl}/r/${f.token}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': contentType, cookie: f.cookie }, body: payload });
  await res.arrayBuffer();
  return res.status;
}

/**
 * An upload in progress: the form fields and the start of a large file are sent, then the body is
 * held open (as a slow connection does) until `abandon`. `outcome` settles when the server answers
 * or the connection breaks.
 */
export function startSlowUpload(webUrl: string, f: OpenedForm, file: { name: string; size: number; head: Buffer }): { outcome: Promise<string>; abandon(): void } {
  const body = Buffer.alloc(file.size, 0x20);
  file.head.copy(body, 0);
  const { payload, contentType } = multipart([
    { name: '_csrf', value: f.csrf },
    { name: 'submissionId', value: f.submissionId },
    { name: 'reportFile', filename: file.name, content: body, contentType: 'application/pdf' },
  ]);
  const url = new URL(`${webUrl}/r/${f.token}`);
  const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': contentType, 'content-length': payload.length, cookie: f.cookie } });
  const outcome = new Promise<string>((resolve) => {
    req.once('response', (res) => (res.resume(), resolve(`answered ${res.statusCode}`)));
    req.once('error', (err: NodeJS.ErrnoException) => resolve(`broken (${err.code ?? err.message})`));
  });
  // A third of the body; the rest never comes.
  req.write(payload.subarray(0, Math.floor(payload.length / 3)));
  return { outcome, abandon: () => req.destroy() };
}
