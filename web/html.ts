// Server-rendered HTML: one layout, escaping everywhere. Vietnamese first, English beside it in grey.
import { escapeHtml } from '../templates/layout.ts';
import { ROLE_LABELS, type Role } from '../accounts/roles.ts';

export { escapeHtml };

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const piece = Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.value : escapeHtml(String(x)))).join('') : v instanceof Html ? v.value : v === undefined || v === null || v === false ? '' : escapeHtml(String(v));
    out += piece + strings[i + 1]!;
  });
  return new Html(out);
}

/**
 * "<span class=vi>Vietnamese</span> <span class=en>English</span>": both shown, English in grey; with
 * the English switch (cookie dondoc_lang=en, see web/lang.ts) only the English.
 */
export function bi(vi: string, en: string): Html {
  return html`<span class="vi">${vi}</span> <span class="en">${en}</span>`;
}

/** bi() for markup built as plain strings (the header). */
function biRaw(vi: string, en: string): string {
  return `<span class="vi">${escapeHtml(vi)}</span> <span class="en">${escapeHtml(en)}</span>`;
}

const CSS = `
body{font-family:system-ui,Arial,sans-serif;margin:0;color:#111;background:#f6f6f4}
header{background:#b3261e;color:#fff;padding:10px 16px}header a{color:#fff;text-decoration:none;margin-right:16px}
main{max-width:960px;margin:0 auto;padding:16px}
.en{color:#666;font-size:.85em}header .en,button .en{color:#f3d0cd}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eee}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px;margin:12px 0}
.ok{color:#1b5e20}.late{color:#e65100}.bad{color:#b71c1c}
textarea{width:100%;min-height:8em;font:inherit}button{font:inherit;padding:10px 18px;background:#b3261e;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{background:#fdecea;border:1px solid #f5c6c2;padding:12px;border-radius:6px}
.warning{background:#fff8e1;border:1px solid #ffe082;padding:12px;border-radius:6px;margin:12px 0}
header{display:flex;align-items:center;flex-wrap:wrap}header .who{margin-left:auto}header form{display:inline;margin-left:8px}
header button{padding:4px 10px;background:#fff;color:#b3261e}header button .en{color:#b3261e}
label{display:block;margin-top:10px}input[type=email],input[type=password]{font:inherit;padding:6px;width:100%;max-width:360px}
code{word-break:break-all}
.lang-en .vi{display:none}.lang-en .en{color:inherit;font-size:inherit}
.lang a.to-vi,.lang-en .lang a.to-en{display:none}.lang-en .lang a.to-vi{display:inline}.lang{margin-left:16px}
@media print{header{display:none}}
`;

/** The signed-in user shown in the header, with the sign-out button (its form needs the CSRF token). */
export interface PageUser {
  name: string;
  role: Role;
  csrfToken: string;
}

function officeNav(user: PageUser): string {
  const label = ROLE_LABELS[user.role];
  const links = [
    '<a href="/"><b>dondoc</b></a>',
    user.role !== 'committee' ? `<a href="/outbox">${biRaw('Hộp thư đi', 'Outbox')}</a>` : '',
    user.role === 'admin' ? `<a href="/audit">${biRaw('Nhật ký', 'Audit log')}</a>` : '',
  ].join('');
  return `${links}<span class="who">${escapeHtml(user.name)} · ${biRaw(label.vi, label.en)}
<form method="post" action="/signout"><input type="hidden" name="_csrf" value="${escapeHtml(user.csrfToken)}"><button type="submit">${biRaw('Đăng xuất', 'Sign out')}</button></form></span>`;
}

/**
 * `nav: false` for the units' personal-link pages: they must not lead to the office's pages.
 * `user`: the signed-in office user (name, role and a sign-out button in the header).
 */
/** Every page starts so; web/lang.ts turns it into the English page for the English switch. */
export const PAGE_START = '<!doctype html><html lang="vi">';

export function page(title: string, body: Html, opts: { nav?: boolean; user?: PageUser } = {}): string {
  const nav = opts.nav === false ? '<b>dondoc</b>' : opts.user ? officeNav(opts.user) : `<a href="/"><b>dondoc</b></a><a href="/outbox">${biRaw('Hộp thư đi', 'Outbox')}</a>`;
  const lang = '<span class="lang"><a class="to-en" href="/lang/en" lang="en">English</a><a class="to-vi" href="/lang/vi" lang="vi">Tiếng Việt</a></span>';
  return `${PAGE_START}<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · dondoc</title><style>${CSS}</style></head>
<body><header>${nav}${lang}</header>
<main>${body.value}</main></body></html>`;
}
