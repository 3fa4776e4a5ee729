// The generator opened by a second reader (python-docx): the Decree 30 layout (motto, issuing body,
// number, place and date, title, "Nơi nhận", signature), the six sections in order, the indicator rows
// against their targets (an estimate marked, a value disaggregated by sex), the tasks, the units' texts
// and files grouped by the objectives the units lead, the missing unit; and the dispatch and memo drafted from an escalation list.
import { describe, expect, it } from '@jest/globals';
import { provinceReportDocx, SECTION_TITLES, type ProvinceReport } from '../../reports/province-report.ts';
import { chasingDispatchDocx, memoDocx, reportOf, type ChasingInput } from '../../reports/dispatch.ts';
import { placeAndDate } from '../../reports/docx-layout.ts';
import { readDocx, tables } from '../helpers/read-docx.ts';
import { reportPrintPage } from '../../web/reports/print-page.ts';
import { html } from '../../web/html.ts';

const head = { issuer: 'Sở Lao động - Thương binh và Xã hội', province: 'Tỉnh Quảng Ninh', date: '2026-06-05' };

export const SAMPLE: ProvinceReport = {
  head,
  planTitle: 'Kế hoạch thực hiện Chương trình bình đẳng giới',
  cycleTitle: 'Báo cáo 6 tháng đầu năm 2026',
  rates: { expected: 4, exempted: 1, reporting: { numerator: 3, denominator: 4 }, onTime: { numerator: 2, denominator: 4 } },
  indicators: [
    { objective: 1, number: 1, text: 'Tỷ lệ nữ tham gia cấp ủy', target: { value: 25, unit: '%', year: 2030, direction: 'at-least' }, lead: 'Ban Tổ chức Tỉnh ủy', value: 27.5, estimate: false, result: 'met', reportedBy: 'Ban Tổ chức Tỉnh ủy' },
    { objective: 2, number: 3, text: 'Số lao động được tạo việc làm', target: { value: 1000, unit: 'người', direction: 'reach' }, lead: 'Sở Lao động', value: 900, bySex: { female: 400, male: 500, total: 900 }, estimate: true, result: 'not-met' },
    { objective: 2, number: 4, lead: 'Sở Y tế', estimate: false, result: 'no-data' },
  ],
  tasks: [{ ref: 'II.6.1', title: 'Tập huấn cán bộ làm công tác bình đẳng giới', lead: 'Sở Nội vụ', period: 'Quý II/2026', status: 'done', note: 'Đã tổ chức 2 lớp' }],
  objectives: [
    { number: 1, text: 'Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo' },
    { number: 2, text: 'Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động, việc làm' },
  ],
  units: [
    { unitCode: 'so-noi-vu', submissionId: 's-1', unitName: 'Sở Nội vụ', receivedAt: new Date('2026-06-02T03:00:00Z'), onTime: true, kind: 'report', comment: 'Đã tổ chức tập huấn.\nHoàn thành kế hoạch quý.', files: [{ name: 'bao-cao.docx', url: 'https://dondoc.test/cycles/p/c/units/so-noi-vu/submissions/1/file', text: 'Nội dung tệp Word của Sở Nội vụ' }], objectives: [1] },
    { unitCode: 'so-y-te', submissionId: 's-2', unitName: 'Sở Y tế', receivedAt: new Date('2026-06-08T03:00:00Z'), onTime: false, kind: 'nothing', comment: '', files: [], objectives: [] },
  ],
  missing: [{ unitName: 'UBND huyện Ba Chẽ', lastDay: '2026-06-05', daysOverdue: 3, status: 'Quá hạn' }],
  late: [{ unitName: 'Sở Y tế', lastDay: '2026-06-05', receivedAt: new Date('2026-06-08T03:00:00Z') }],
  sections: { number: 'Số: 15/BC-SLĐTBXH', intro: 'Trong 6 tháng đầu năm, các sở, ngành đã triển khai kế hoạch.', proposals: 'Đề nghị UBND tỉnh bố trí kinh phí.', signerTitle: 'Giám đốc', signerName: 'Nguyễn Văn A' },
  recipients: ['UBND tỉnh', 'Bộ LĐTBXH'],
};

describe('the compiled report as DOCX', () => {
  it('is an administrative document on A4 in Times New Roman 14', async () => {
    const v = await readDocx(await provinceReportDocx(SAMPLE));
    const [headTable] = tables(v);
    expect(headTable![0]![0]).toMatch(/^SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n.*\nSố: 15\/BC-SLĐTBXH$/);
    expect(headTable![0]![1]).toMatch(/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc/);
    expect(v.text).toContain('Quảng Ninh, ngày 05 tháng 6 năm 2026');
    expect(v.text).toContain('BÁO CÁO\nKết quả thực hiện Kế hoạch thực hiện Chương trình bình đẳng giới — Báo cáo 6 tháng đầu năm 2026');
    expect(v.page.map(Math.round)).toStrictEqual([210, 297]);
    expect(v.margins.map(Math.round)).toStrictEqual([20, 20, 30, 15]);
    expect(v.font).toBe('Times New Roman');
    expect(v.size).toBe(14);
    const foot = tables(v).at(-1)!;
    expect(foot[0]![0]).toBe('Nơi nhận:\n- UBND tỉnh;\n- Bộ LĐTBXH;\n- Lưu: VT.');
    expect(foot[0]![1]).toMatch(/^GIÁM ĐỐC\n\(Ký, ghi rõ họ tên, đóng dấu\)\nNguyễn Văn A$/);
  });

  it('has the six sections in order, the rate with numerator and denominator, and the office\'s own text', async () => {
    const v = await readDocx(await provinceReportDocx(SAMPLE));
    const at = SECTION_TITLES.map((t) => v.text.indexOf(t));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toStrictEqual(at);
    expect(v.text).toContain('Trong 6 tháng đầu năm, các sở, ngành đã triển khai kế hoạch.');
    expect(v.text).toContain('Số đơn vị đã báo cáo: 3/4, đạt tỷ lệ 75%; trong đó báo cáo đúng hạn: 2/4, đạt tỷ lệ 50%.');
    expect(v.text).toContain('(không tính 1 đơn vị được miễn)');
    expect(v.text.slice(at[5]!)).toContain('Đề nghị UBND tỉnh bố trí kinh phí.');
  });

  it('lists the indicators by objective against their targets, the estimate marked, female and male shown', async () => {
    const v = await readDocx(await provinceReportDocx(SAMPLE));
    const t = tables(v).find((x) => x[0]![1] === 'Chỉ tiêu')!;
    expect(t.slice(1)).toStrictEqual([
      ['Mục tiêu 1', 'Mục tiêu 1', 'Mục tiêu 1', 'Mục tiêu 1', 'Mục tiêu 1', 'Mục tiêu 1'],
      ['1', '1. Tỷ lệ nữ tham gia cấp ủy', 'Tối thiểu 25% (năm 2030)', '27,5%', 'Đạt', 'Ban Tổ chức Tỉnh ủy'],
      ['Mục tiêu 2', 'Mục tiêu 2', 'Mục tiêu 2', 'Mục tiêu 2', 'Mục tiêu 2', 'Mục tiêu 2'],
      ['2', '3. Số lao động được tạo việc làm', 'Đạt 1.000 người', '900 người (nữ 400, nam 500) (ước)', 'Chưa đạt', 'Sở Lao động'],
      ['3', 'Chỉ tiêu 4', '—', '—', 'Chưa có số liệu', 'Sở Y tế'],
    ]);
    const tasks = tables(v).find((x) => x[0]![1] === 'Nhiệm vụ')!;
    expect(tasks[1]).toStrictEqual(['1', 'II.6.1. Tập huấn cán bộ làm công tác bình đẳng giới', 'Sở Nội vụ', 'Quý II/2026', 'Đã hoàn thành: Đã tổ chức 2 lớp']);
  });

  it('marks a per-sex target with the female and male values, and gives the province total the plan declares, in the DOCX and the print page', async () => {
    const rows: ProvinceReport['indicators'] = [
      // The plan may write "mỗi giới" into the unit (Quảng Ninh 2.1): the mark is given once.
      { objective: 2, number: 1, text: 'Tỷ lệ mỗi giới trong số người được tạo việc làm mới', target: { value: 45, unit: '% mỗi giới', direction: 'at-least', perSex: true }, lead: 'Sở Lao động', value: 100, bySex: { female: 46, male: 54, total: 100 }, estimate: false, result: 'met' },
      { objective: 2, number: 2, text: 'Số người được tập huấn', target: { value: 1000, unit: 'người', direction: 'at-least', year: 2030 }, lead: 'Sở Nội vụ', value: 300, bySex: { female: 120, male: 180, total: 300 }, estimate: true, result: 'not-met', aggregate: 'sum', total: { aggregate: 'sum', value: 1250.5, bySex: { female: 600, male: 650.5 }, estimate: true, units: 3 } },
      { objective: 2, number: 3, text: 'Tỷ lệ xã có quỹ', target: { value: 40, unit: '%', direction: 'reach', perSex: true }, estimate: false, result: 'no-data', aggregate: 'mean' },
    ];
    const v = await readDocx(await provinceReportDocx({ ...SAMPLE, indicators: rows }));
    const t = tables(v).find((x) => x[0]![1] === 'Chỉ tiêu')!;
    expect(t.slice(2).map((r) => r.slice(2, 4))).toStrictEqual([
      ['Tối thiểu 45% mỗi giới', 'nữ 46%, nam 54% (mỗi giới; tổng 100%)'],
      ['Tối thiểu 1.000 người (năm 2030)', '300 người (nữ 120, nam 180) (ước)\nToàn tỉnh: 1.250,5 người (nữ 600, nam 650,5; tổng của 3 đơn vị, có số ước)'],
      ['Đạt 40% mỗi giới', '—'],
    ]);
    const print = reportPrintPage({ ...SAMPLE, indicators: rows }, html``);
    expect(print).toContain('<td>Tối thiểu 45% mỗi giới</td><td>nữ 46%, nam 54% (mỗi giới; tổng 100%)</td>');
    expect(print).toContain('<td>300 người (nữ 120, nam 180) (ước)<br>Toàn tỉnh: 1.250,5 người (nữ 600, nam 650,5; tổng của 3 đơn vị, có số ước)</td>');
  });

  it('gives each unit\'s text, its file as a link and the file\'s text; the units that did not report or were late', async () => {
    const v = await readDocx(await provinceReportDocx(SAMPLE));
    const iv = v.text.slice(v.text.indexOf(SECTION_TITLES[3]), v.text.indexOf(SECTION_TITLES[4]));
    // Under objective 1 the unit leading it; objective 2, which no reporting unit leads, left out; then the others.
    expect(iv).toContain('Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo\n1. Sở Nội vụ (gửi ngày 02/06/2026)\nĐã tổ chức tập huấn.\nHoàn thành kế hoạch quý.\nTệp báo cáo: bao-cao.docx\nNội dung trích từ tệp bao-cao.docx:\nNội dung tệp Word của Sở Nội vụ');
    expect(iv).toContain('Các đơn vị khác\n2. Sở Y tế (gửi ngày 08/06/2026, muộn hạn)\nĐơn vị xác nhận không có nội dung báo cáo trong kỳ.');
    expect(iv).not.toContain('Mục tiêu 2');
    expect(v.links).toStrictEqual(['https://dondoc.test/cycles/p/c/units/so-noi-vu/submissions/1/file']);
    const missing = tables(v).find((x) => x[0]![4] === 'Tình trạng')!;
    expect(missing[1]).toStrictEqual(['1', 'UBND huyện Ba Chẽ', '05/06/2026', '3', 'Quá hạn']);
    const late = tables(v).find((x) => x[0]![3] === 'Ngày gửi')!;
    expect(late[1]).toStrictEqual(['1', 'Sở Y tế', '05/06/2026', '08/06/2026']);
  });

  it('gives a unit leading several objectives its text once, under the first, and points there from the others', async () => {
    const labour = { unitCode: 'so-ldtbxh', submissionId: 's-3', unitName: 'Sở Lao động', receivedAt: new Date('2026-06-03T03:00:00Z'), onTime: true, kind: 'report' as const, comment: 'Tạo việc làm cho 900 lao động.', files: [], objectives: [2, 1] };
    const v = await readDocx(await provinceReportDocx({ ...SAMPLE, units: [labour, ...SAMPLE.units] }));
    const iv = v.text.slice(v.text.indexOf(SECTION_TITLES[3]), v.text.indexOf(SECTION_TITLES[4]));
    expect(iv).toContain('Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo\n1. Sở Lao động (gửi ngày 03/06/2026)\nTạo việc làm cho 900 lao động.\n2. Sở Nội vụ (gửi ngày 02/06/2026)');
    expect(iv).toContain('Mục tiêu 2: Giảm khoảng cách giới trong lĩnh vực kinh tế, lao động, việc làm\n3. Sở Lao động (gửi ngày 03/06/2026)\nNội dung báo cáo của đơn vị: xem số 1 (Mục tiêu 1) ở trên.\nCác đơn vị khác\n4. Sở Y tế');
    expect(iv.match(/Tạo việc làm cho 900 lao động\./g)).toHaveLength(1);
  });

  it('lists the units as before when none leads an objective (a plan without objectives)', async () => {
    const v = await readDocx(await provinceReportDocx({ ...SAMPLE, objectives: [] }));
    const iv = v.text.slice(v.text.indexOf(SECTION_TITLES[3]), v.text.indexOf(SECTION_TITLES[4]));
    expect(iv).toContain('\n1. Sở Nội vụ (gửi ngày 02/06/2026)\n');
    expect(iv).toContain('\n2. Sở Y tế (gửi ngày 08/06/2026, muộn hạn)\n');
    expect(iv).not.toContain('Các đơn vị khác');
  });

  it('says so when there are no indicators, tasks or reports, and leaves proposals for the office', async () => {
    const v = await readDocx(await provinceReportDocx({ ...SAMPLE, indicators: [], tasks: [], units: [], missing: [], late: [], sections: { ...SAMPLE.sections, proposals: '  ', number: 'Số:      /BC' } }));
    expect(v.text).toContain('Kế hoạch không có chỉ tiêu được theo dõi trong kỳ này.');
    expect(v.text).toContain('Không có nhiệm vụ đến hạn trong kỳ báo cáo.');
    expect(v.text).toContain('Chưa có đơn vị nào gửi báo cáo.');
    expect(v.text).toContain('1. Đơn vị chưa gửi báo cáo: 0 đơn vị');
    expect(v.text).toContain('(Cơ quan thường trực bổ sung đề xuất, kiến nghị.)');
  });
});

describe('the chasing dispatch and the memo', () => {
  const input: ChasingInput = {
    head: { ...head, number: 'Số:      /SLĐTBXH-BĐG' },
    planTitle: 'Kế hoạch thực hiện Chương trình bình đẳng giới',
    cycleTitle: 'Báo cáo 6 tháng đầu năm 2026',
    overdue: [{ unitName: 'UBND huyện Ba Chẽ', lastDay: '2026-06-05', daysOverdue: 3, remindersSent: 2, history: '2025-annual: Không nộp' }],
    newLastDay: '2026-06-15',
    signerTitle: 'KT. Giám đốc',
  };

  it('the dispatch names the overdue unit, its deadline, days overdue and the new last day', async () => {
    const v = await readDocx(await chasingDispatchDocx(input));
    expect(tables(v)[0]![0]![0]).toContain('V/v đôn đốc gửi báo cáo 6 tháng đầu năm 2026');
    expect(tables(v)[0]![0]![1]).toMatch(/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(v.text).toContain('Kính gửi: UBND huyện Ba Chẽ.');
    expect(tables(v)[1]![1]).toStrictEqual(['1', 'UBND huyện Ba Chẽ', '05/06/2026', '3', '2']);
    expect(v.text).toContain('trước ngày 15/06/2026');
    expect(tables(v).at(-1)![0]![0]).toBe('Nơi nhận:\n- Như trên;\n- Lưu: VT.');
  });

  it('names the cycle once after "gửi": a title "Báo cáo ..." is not preceded by a second "báo cáo"', () => {
    expect(reportOf('Báo cáo 6 tháng đầu năm 2026')).toBe('báo cáo 6 tháng đầu năm 2026');
    expect(reportOf('Số liệu chính thức 6 tháng')).toBe('báo cáo số liệu chính thức 6 tháng');
    expect(reportOf('Báo cáo')).toBe('báo cáo');
  });

  it('the memo gives the committee the rates and the overdue units with their record', async () => {
    const v = await readDocx(await memoDocx({ ...input, rates: SAMPLE.rates, committee: ['Trưởng ban Chỉ đạo', 'Các thành viên Ban Chỉ đạo'] }));
    expect(v.text).toContain('BÁO CÁO\nTình hình gửi báo cáo 6 tháng đầu năm 2026');
    expect(v.text).toContain('Kính gửi:\n- Trưởng ban Chỉ đạo;\n- Các thành viên Ban Chỉ đạo.');
    expect(v.text).toContain('Số đơn vị đã báo cáo: 3/4');
    expect(tables(v)[1]![1]).toStrictEqual(['1', 'UBND huyện Ba Chẽ', '05/06/2026', '3', '2', '2025-annual: Không nộp']);
  });

  it('writes the place and date as the Decree does', () => {
    expect(placeAndDate('Tỉnh Lạng Sơn', '2026-02-05')).toBe('Lạng Sơn, ngày 05 tháng 02 năm 2026');
    expect(placeAndDate('Thành phố Hà Nội', '2026-11-20')).toBe('Hà Nội, ngày 20 tháng 11 năm 2026');
  });
});
