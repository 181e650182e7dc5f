// Terminal questions. The password is read with echo off and never written anywhere.
import readline from "node:readline";

/** Asks a question on stderr (stdout may be a JSON report); resolves to the trimmed answer. */
export function ask(question) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    }),
  );
}

/** Like ask, but what is typed is not shown. */
export function askHidden(question) {
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: true,
  });
  // readline echoes through _writeToOutput: after the question, print nothing.
  let muted = false;
  rl._writeToOutput = (text) => {
    if (!muted || text.includes("\n")) process.stderr.write(muted ? "\n" : text);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
  });
}

export async function confirm(question) {
  return /^y(es)?$/i.test(await ask(`${question} [y/N] `));
}
