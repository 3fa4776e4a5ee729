// `npm run bench`'s options (environment, all optional; listed in scripts/bench.ts's header) and its
// progress log. Read once here: every part of the bench takes its sizes, gates and budget from this file.
import { MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { CYCLE_DESIGNS, type CycleDesign } from '../../domain/cycle-design.ts';

/** The fan-out's concurrency (activities/fan-out.ts): the raw baseline starts workflows this many at a time. */
export const CONCURRENCY = 32;
/** runSize starts one `dondoc worker` process per size: the mails it may have in the SMTP conversation at once. */
export const WORKER_PROCESSES = 1;
export const MiB = 1024 * 1024;

const env = process.env;
const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map((s) => Number(s.trim())).filter((x) => x > 0) : d);

export const DESIGN = (env.DONDOC_BENCH_DESIGN ?? 'waves') as CycleDesign;
if (!CYCLE_DESIGNS.includes(DESIGN)) throw new Error(`DONDOC_BENCH_DESIGN: one of ${CYCLE_DESIGNS.join(', ')}`);
export const SIZES = list(env.DONDOC_BENCH_N, [1_000, 5_000, 20_000]);
export const FLOOR_SIZES = list(env.DONDOC_BENCH_FLOOR_N, SIZES);
/** The worker's mail gate sizes, each size measured with each (a fresh worker and database); the first is the summary's. */
export const GATES = list(env.DONDOC_BENCH_GATE, [MAILS_IN_FLIGHT]);
export const FLOOR_CONNECTIONS = list(env.DONDOC_BENCH_FLOOR_CONNECTIONS, GATES.map((g) => g * WORKER_PROCESSES));
export const LATENESS_SIZES = new Set(list(env.DONDOC_BENCH_LATENESS_N, [1_000, 5_000, 20_000]));
export const BUDGET_MS = Number(env.DONDOC_BENCH_BUDGET_MIN ?? 28) * 60_000;
export const HARD_LIMIT_MS = Number(env.DONDOC_BENCH_HARD_LIMIT_MIN ?? 45) * 60_000;
export const TEMPLATE_DB = env.DONDOC_BENCH_TEMPLATE_DB;
export const WORK_DIR = env.DONDOC_BENCH_DIR;
export const CLI = env.TEMPORAL_CLI_PATH;

export const started = Date.now();
/** What is left of the bench's budget, ms. */
export const remainingMs = () => BUDGET_MS - (Date.now() - started);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s`;
export const say = (s: string) => console.error(`[bench ${elapsed()}] ${s}`);
