// Progress of a long backup, restore or move on the terminal: a bar when stderr is a terminal,
// otherwise a line at each tenth of the way (logs stay readable).
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export function terminalProgress(title: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {percentage}% | {value}/{total} rows | {label}`, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, label) {
        if (!started) {
          bar.start(Math.max(total, done), 0, { label });
          started = true;
        }
        bar.setTotal(Math.max(total, done));
        bar.update(done, { label });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total, label) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${title}: ${done}/${total} rows (${label})\n`);
      }
    },
    stop() {},
  };
}
