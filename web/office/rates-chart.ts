// An inline SVG line chart of the two rates across cycles: no script, no library, readable by a
// screen reader through its title and description (the table under it carries the exact numbers).
import { escapeHtml } from '../html.ts';
import { percent } from '../cycle-table.ts';
import type { CyclePoint } from './plan-rates.ts';

const W = 760;
const H = 340;
const PAD = { left: 56, right: 20, top: 20, bottom: 78 };
const SERIES = [
  { key: 'reportingRate', label: 'Tỷ lệ báo cáo', en: 'Reporting rate', color: '#b3261e', dash: '' },
  { key: 'onTimeRate', label: 'Tỷ lệ đúng hạn', en: 'On-time rate', color: '#1565c0', dash: '6 4' },
] as const;

function fmt(n: number): string {
  return n.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

export function ratesChart(points: CyclePoint[]): string {
  const shown = points.filter((p) => p.state !== 'upcoming');
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (shown.length <= 1 ? plotW / 2 : (i * plotW) / (shown.length - 1));
  const y = (pct: number) => PAD.top + plotH - (pct / 100) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="rates-title rates-desc" id="rates-chart" style="max-width:${W}px;background:#fff;font-family:system-ui,Arial,sans-serif;font-size:12px">`);
  const desc = shown.map((p) => `${p.key}: ${SERIES.map((s) => `${s.label} ${percent(p[s.key]) ?? '—'}%`).join(', ')}${p.state === 'open' ? ' (đang mở)' : ''}`).join('; ');
  out.push(`<title id="rates-title">Tỷ lệ báo cáo và tỷ lệ đúng hạn theo kỳ</title><desc id="rates-desc">${escapeHtml(desc)}</desc>`);
  for (let v = 0; v <= 100; v += 20) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${y(v) + 4}" text-anchor="end" fill="#444">${v}%</text>`);
  }
  out.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#444"/><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#444"/>`);
  out.push(`<text transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#444">%</text>`);
  shown.forEach((p, i) => {
    out.push(`<text x="${x(i)}" y="${PAD.top + plotH + 18}" text-anchor="middle" fill="#222">${escapeHtml(p.key)}</text>`);
    if (p.state === 'open') out.push(`<text x="${x(i)}" y="${PAD.top + plotH + 33}" text-anchor="middle" fill="#e65100" font-style="italic">(đang mở)</text>`);
  });
  for (const s of SERIES) {
    const pts = shown.map((p, i) => ({ i, p, v: percent(p[s.key]) })).filter((q): q is typeof q & { v: number } => q.v !== null);
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${pts.map((q) => `${x(q.i)},${y(q.v)}`).join(' ')}"/>`);
    for (const q of pts) {
      // An open cycle's figure is still moving: a hollow marker says so.
      out.push(`<circle cx="${x(q.i)}" cy="${y(q.v)}" r="5" fill="${q.p.state === 'open' ? '#fff' : s.color}" stroke="${s.color}" stroke-width="2" data-series="${s.key}" data-cycle="${escapeHtml(q.p.key)}" data-value="${q.v}"><title>${escapeHtml(`${s.label} ${q.p.key}: ${fmt(q.v)}%`)}</title></circle>`);
    }
  }
  SERIES.forEach((s, i) => {
    const lx = PAD.left + i * 220;
    const ly = H - 16;
    out.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/><text x="${lx + 34}" y="${ly}" fill="#222">${s.label} (${s.en})</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
