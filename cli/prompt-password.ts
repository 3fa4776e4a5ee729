// Reads a password from the terminal without echoing it (for `dondoc user add` / `user passwd`).
import readline from 'node:readline';
import { Writable } from 'node:stream';

function ask(question: string): Promise<string> {
  process.stderr.write(question);
  // Typed characters are not echoed: readline writes to a muted stream.
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** The new password typed twice, or null when there is no terminal to ask on. */
export async function promptNewPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const first = await ask('Mật khẩu mới / new password: ');
  const second = await ask('Nhập lại / again: ');
  return first === second ? first : '';
}
