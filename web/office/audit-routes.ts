// The audit log for administrators: the latest 200 events, newest first, in Vietnam time.
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../../domain/calendar.ts';
import { ADMINS, pageUser } from '../auth/access.ts';
import { bi, html, page } from '../html.ts';
import type { WebDeps } from '../deps.ts';
import { readAuditDetail, type StoredJson } from '../../db/stored-json.ts';

const LIMIT = 200;
const when = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('dd/MM/yyyy HH:mm');
/** The event's detail as JSON text, its keys sorted (PostgreSQL's JSONB keeps no order of its own). */
function detailText(id: string, stored: StoredJson): string {
  const d = readAuditDetail(stored, id);
  return d === null ? '' : JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1))));
}

export async function auditRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  app.get('/audit', { config: { access: ADMINS, planScope: 'none' } }, async (req, reply) => {
    const events = await prisma.auditEvent.findMany({ orderBy: { at: 'desc' }, take: LIMIT });
    // Actors are user ids: show who they are.
    const users = await prisma.user.findMany({ where: { id: { in: [...new Set(events.map((e) => e.actor))] } }, select: { id: true, email: true } });
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    return reply.type('text/html').send(
      page(
        'Nhật ký',
        html`<h1>${bi('Nhật ký hoạt động', 'Audit log')}</h1>
<p>${bi(`${events.length} sự kiện gần nhất (tối đa ${LIMIT}), giờ Việt Nam.`, `The latest ${events.length} events (at most ${LIMIT}), Vietnam time.`)}</p>
<table id="audit"><thead><tr><th>${bi('Thời điểm', 'Time')}</th><th>${bi('Người thực hiện', 'Actor')}</th><th>${bi('Hành động', 'Action')}</th><th>${bi('Đối tượng', 'Target')}</th><th>${bi('Chi tiết', 'Detail')}</th><th>IP</th></tr></thead>
<tbody>${events.map(
          (e) => html`<tr data-action="${e.action}"><td>${when(e.at)}</td><td>${emailOf.get(e.actor) ?? e.actor}</td><td>${e.action}</td><td>${e.target ?? ''}</td><td><code>${detailText(e.id, e.detail)}</code></td><td>${e.ip ?? ''}</td></tr>`,
        )}</tbody></table>`,
        { user: pageUser(req) },
      ),
    );
  });
}
