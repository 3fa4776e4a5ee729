// The cluster's embedded SMTP server (deploy/cluster.sh starts it unless SMTP_HOST points elsewhere):
// the same server as `npm run dev`'s (mail/catcher.ts), in a process of its own, so the dondoc workers
// of the cluster hand their mail to one place. It keeps every message as an .eml file in
// <DONDOC_DATA_DIR>/outbox, where the cluster test reads them. Settings come from config/config.ts.
import { loadConfig } from '../config/config.ts';
import { startMailCatcher } from '../mail/catcher.ts';

const config = loadConfig();
const catcher = await startMailCatcher({ port: config.smtp.port, host: config.smtp.host, dir: config.embeddedSmtp.outboxDir });
// cluster.sh waits for this line before it starts the workers.
console.log(`dondoc smtp: listening on ${config.smtp.host}:${catcher.port}, messages in ${config.embeddedSmtp.outboxDir}`);

const stop = () => void catcher.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
