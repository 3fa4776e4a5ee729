// The Outbox: what dondoc's embedded SMTP server received (only when it runs in-process).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDateTime } from '../../domain/calendar.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import type { PrismaClient } from '../../db/client.ts';
import { OFFICE_EDITORS, pageUser } from '../auth/access.ts';
import { visiblePlanIds } from '../auth/plan-scope.ts';
import { bi, html, page } from '../html.ts';
import type { WebDeps } from '../deps.ts';
import { onInvalidInput } from '../invalid-input.ts';

const MessageParams = z.object({ id: z.string().max(200) });

/**
 * The caught mails this account may read. Mails carry the units' personal links, so an account sees
 * only those dondoc sent for its plans (found by Message-ID in EmailMessage, whose obligation or cycle
 * ID starts with the plan's); an admin sees all, a mail dondoc has no record of only an admin.
 */
async function visibleMails(prisma: PrismaClient, user: Parameters<typeof visiblePlanIds>[1], mails: CaughtMail[]): Promise<CaughtMail[]> {
  const visible = await visiblePlanIds(prisma, user);
  if (visible === 'all') return mails;
  const records = await prisma.emailMessage.findMany({ where: { messageId: { in: [...new Set(mails.map((m) => m.messageId))] } }, select: { messageId: true, obligationId: true, cycleId: true } });
  // Business IDs are "<planId>/<cycleKey>[/<unitCode>]" and a plan id is a slug without "/" (domain/ids.ts).
  const planOf = new Map(records.map((r) => [r.messageId, (r.obligationId ?? r.cycleId ?? '').split('/')[0]!]));
  return mails.filter((m) => visible.has(planOf.get(m.messageId) ?? ''));
}

export async function outboxRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const noSuchMessage = (reply: FastifyReply) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có thư này.', 'No such message.')}</p>`, { user: pageUser(reply.request) }));
  // Mail content includes the units' personal links: the office's staff only, not the committee.
  app.get('/outbox', { config: { access: OFFICE_EDITORS, planScope: 'none' } }, async (req, reply) => {
    if (!deps.catcher) {
      return reply.type('text/html').send(page('Hộp thư đi', html`<p>${bi('Thư được gửi qua máy chủ SMTP đã cấu hình; hộp thư đi chỉ có khi dùng máy chủ SMTP nhúng.', 'Mail goes to the configured SMTP server; the Outbox exists only with the embedded SMTP server.')}</p>`, { user: pageUser(req) }));
    }
    const mails = (await visibleMails(deps.prisma, req.user!, deps.catcher.messages())).reverse();
    return reply.type('text/html').send(
      page(
        'Hộp thư đi',
        html`<h1>${bi('Hộp thư đi', 'Outbox')}</h1><p>${bi(`${mails.length} thư đã gửi qua máy chủ SMTP nhúng.`, `${mails.length} messages received by the embedded SMTP server.`)}</p>
<table><thead><tr><th>${bi('Thời điểm', 'Time')}</th><th>${bi('Người nhận', 'To')}</th><th>${bi('Tiêu đề', 'Subject')}</th></tr></thead>
<tbody>${mails.map((m) => html`<tr><td>${formatDateTime(m.receivedAt)}</td><td>${m.to.join(', ')}</td><td><a href="/outbox/${m.id}">${m.subject}</a></td></tr>`)}</tbody></table>`,
        { user: pageUser(req) },
      ),
    );
  });

  app.get('/outbox/:id', { config: { access: OFFICE_EDITORS, planScope: 'none' }, schema: { params: MessageParams }, ...onInvalidInput((_req, reply) => noSuchMessage(reply)) }, async (req, reply) => {
    const { id } = req.params;
    const found = deps.catcher?.messages().find((x) => x.id === id);
    const [m] = found ? await visibleMails(deps.prisma, req.user!, [found]) : [];
    if (!m) return noSuchMessage(reply);
    return reply.type('text/html').send(
      page(
        m.subject,
        html`<h1>${m.subject}</h1><p>${bi('Đến', 'To')}: ${m.to.join(', ')} · ${formatDateTime(m.receivedAt)}</p>
<iframe sandbox title="email" style="width:100%;height:70vh;border:1px solid #ccc;background:#fff" srcdoc="${m.html}"></iframe>`,
        { user: pageUser(req) },
      ),
    );
  });
}
