// Shared pieces of every email: HTML escaping and the two-language layout (Vietnamese first, English
// below). Templates build their text from these so plain text and HTML always say the same thing.
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface OfficeContact {
  name: string;
  email: string;
  phone?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One language's part of an email: paragraphs of plain text, optionally a link button. */
export interface Part {
  lines: string[];
  link?: { label: string; url: string };
  table?: { head: string[]; rows: string[][] };
  /** Files to download (a cycle's report forms), listed after the lines, each a link. */
  files?: { label: string; url: string }[];
}

function partText(p: Part): string {
  const out = [...p.lines];
  if (p.table) {
    out.push('', p.table.head.join(' | '));
    for (const r of p.table.rows) out.push(r.join(' | '));
  }
  for (const f of p.files ?? []) out.push(`- ${f.label}: ${f.url}`);
  if (p.link) out.push('', `${p.link.label}: ${p.link.url}`);
  return out.join('\n');
}

function partHtml(p: Part, lang: 'vi' | 'en'): string {
  const paras = p.lines.map((l) => (l === '' ? '' : `<p style="margin:0 0 10px">${escapeHtml(l)}</p>`)).join('\n');
  const table = p.table
    ? `<table style="border-collapse:collapse;margin:8px 0 14px" border="1" cellpadding="6">
<thead><tr>${p.table.head.map((h) => `<th style="background:#eef">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${p.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`
    : '';
  const files = p.files?.length
    ? `<ul style="margin:0 0 14px">${p.files.map((f) => `<li><a href="${escapeHtml(f.url)}">${escapeHtml(f.label)}</a></li>`).join('\n')}</ul>`
    : '';
  const link = p.link
    ? `<p><a href="${escapeHtml(p.link.url)}" style="display:inline-block;padding:10px 16px;background:#b3261e;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(p.link.label)}</a></p>
<p style="font-size:12px;color:#555">${escapeHtml(p.link.url)}</p>`
    : '';
  return `<div lang="${lang}">${paras}${files}${table}${link}</div>`;
}

export function bilingual(subject: string, vi: Part, en: Part, office: OfficeContact): RenderedEmail {
  const footerVi = `${office.name} · ${office.email}${office.phone ? ` · ĐT ${office.phone}` : ''}`;
  // Replies reach the standing office: the mailer sets Reply-To to its address (mail/mailer.ts).
  const autoVi = `Đây là thư tự động từ hệ thống dondoc; thư trả lời sẽ được chuyển tới ${office.name} (${office.email}).`;
  const footerEn = `This is an automatic message from dondoc; a reply goes to the standing office (${office.email}).`;
  const text = [
    partText(vi),
    '',
    `--`,
    footerVi,
    autoVi,
    '',
    '==== English ====',
    '',
    partText(en),
    '',
    footerEn,
  ].join('\n');
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#111;max-width:680px">
${partHtml(vi, 'vi')}
<p style="font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:8px">${escapeHtml(footerVi)}<br>${escapeHtml(autoVi)}</p>
<hr style="margin:24px 0">
${partHtml(en, 'en')}
<p style="font-size:12px;color:#555">${escapeHtml(footerEn)}</p>
</body></html>`;
  return { subject, text, html };
}
