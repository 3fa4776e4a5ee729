// dondoc's log line format (config/logging.ts) and the DONDOC_LOG_LEVEL setting (config/config.ts).
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { createLogger, redactPersonalLinks } from '../../config/logging.ts';

function captured(level: Parameters<typeof createLogger>[0]['level']) {
  const lines: string[] = [];
  const log = createLogger({ level, service: 'test', destination: { write: (l: string) => void lines.push(l) } });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('log lines', () => {
  it('one JSON object a line: the level as a word, an ISO time, the service', () => {
    const { log, lines } = captured('info');
    log.info({ cycle: '2026-annual' }, 'Đã gửi nhắc nộp / reminder sent');
    log.debug('not at info');
    expect(lines()).toStrictEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), service: 'test', pid: process.pid, hostname: expect.any(String), cycle: '2026-annual', msg: 'Đã gửi nhắc nộp / reminder sent' },
    ]);
  });

  it('censors cookies and authorization headers whoever logs them', () => {
    const { log, lines } = captured('info');
    log.info({ req: { headers: { cookie: 'dondoc_session=abc', authorization: 'Basic xyz', accept: 'text/html' } } }, 'headers');
    const [line] = lines();
    expect(line?.req).toStrictEqual({ headers: { cookie: '[redacted]', authorization: '[redacted]', accept: 'text/html' } });
  });

  it('serializes an error under `error` (the Temporal SDK\'s key) like one under `err`', () => {
    const { log, lines } = captured('info');
    log.warn({ error: new Error('SMTP 550') }, 'email permanently rejected');
    expect(lines()[0]?.error).toMatchObject({ type: 'Error', message: 'SMTP 550', stack: expect.stringContaining('Error: SMTP 550') });
  });
});

describe('personal-link tokens', () => {
  it('are cut out of a URL, and only they', () => {
    expect(redactPersonalLinks('/r/abc_DEF-123/receipt/42?next=/r/xyz&lang=en')).toBe('/r/…/receipt/42?next=/r/…&lang=en');
    expect(redactPersonalLinks('/r/abc#top')).toBe('/r/…#top');
    expect(redactPersonalLinks('/rates/test-2026?cycle=2026-annual')).toBe('/rates/test-2026?cycle=2026-annual');
  });

  it('never reach a line, whatever field carries them, and the line stays JSON', () => {
    const { log, lines } = captured('info');
    const token = 'Zm9vYmFyYmF6cXV4LXRva2VuLW9mLTQzLWNoYXJzLTEyMw';
    log.info({ link: `https://dondoc.example/r/${token}`, quoted: `in "/r/${token}" (GET)` }, `mail sent with https://dondoc.example/r/${token}\n`);
    expect(lines()[0]).toMatchObject({ link: 'https://dondoc.example/r/…', quoted: 'in "/r/…" (GET)', msg: 'mail sent with https://dondoc.example/r/…\n' });
  });
});

describe('DONDOC_LOG_LEVEL', () => {
  it('is info by default and takes pino\'s levels', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ DONDOC_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ DONDOC_LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('refuses another word, naming the variable', () => {
    expect(() => loadConfig({ DONDOC_LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => loadConfig({ DONDOC_LOG_LEVEL: 'verbose' })).toThrow(/DONDOC_LOG_LEVEL/);
  });
});
