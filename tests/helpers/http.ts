// Small helpers to act as a focal person: find the personal link in a received email, open it, submit.
import { expect } from '@jest/globals';
import type { CaughtMail } from '../../mail/catcher.ts';
import { csrfOf, withSetCookies } from './csrf.ts';
import { expectTruthy } from './expect.ts';

export function personalLink(mail: CaughtMail): string {
  const m = mail.text.match(/https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]{43}/);
  // on failure, look at: `no personal link in "${mail.subject}"`
  expectTruthy(m);
  return m[0];
}

/** Opens the link, fills the form (the comment and any `extra` fields) and posts it; returns the receipt page's URL and HTML. */
export async function submitThroughLink(link: string, comment: string, extra: Record<string, string> = {}): Promise<{ receiptUrl: string; receipt: string; submissionId: string }> {
  const form = await fetch(link);
  expect(form.status).toBe(200);
  const page = await form.text();
  const submissionId = page.match(/name="submissionId" value="([0-9a-f-]{36})"/)?.[1];
  // the form carries a submission id
  expectTruthy(submissionId);
  // As a browser does: send back the CSRF cookie the page set, and the form's hidden field.
  const csrf = csrfOf(page);
  // the form carries a CSRF token
  expectTruthy(csrf);
  const cookie = withSetCookies('', form.headers.getSetCookie());
  const post = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, submissionId, comment, ...extra }), // extra: e.g. the figures (fig_<key>)
    redirect: 'manual',
  });
  expect(post.status).toBe(303);
  const receiptUrl = new URL(post.headers.get('location')!, link).toString();
  const receipt = await fetch(receiptUrl);
  expect(receipt.status).toBe(200);
  return { receiptUrl, receipt: await receipt.text(), submissionId };
}

/** A browser-like session for the office pages: keeps cookies, sends each page's CSRF token back. */
export function browserSession(base: string) {
  let jar = '';
  const remember = (res: Response) => {
    jar = withSetCookies(jar, res.headers.getSetCookie());
  };
  const cookie = () => jar;
  return {
    /** The session's Cookie header, for requests the helpers below do not make (a file upload, a download). */
    cookie,
    async get(path: string) {
      const res = await fetch(new URL(path, base), { headers: { cookie: cookie() }, redirect: 'manual' });
      remember(res);
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
    /** Posts a form the way the page at `from` would (its _csrf and any hidden fields the caller passes). */
    async post(path: string, fields: Record<string, string | string[]>, from: string) {
      const page = await this.get(from);
      const csrf = csrfOf(page.body) ?? '';
      const res = await fetch(new URL(path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
        // A list is one field sent once per value, as a browser sends checked boxes of the same name.
        body: new URLSearchParams([['_csrf', csrf], ...Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]))]),
        redirect: 'manual',
      });
      remember(res);
      return { status: res.status, location: res.headers.get('location'), body: await res.text(), page: page.body };
    },
  };
}
