/**
 * Progress on stderr for commands that can take over a second (`check`, `plan`, `run --wait`):
 * a spinner on one rewritten line when stderr is a terminal, one plain line per stage otherwise
 * (CI logs), nothing when the command prints JSON. stdout stays the command's data.
 * @module
 */

/** Where progress goes (process.stderr by default; tests pass their own). */
export interface ProgressStream {
  isTTY?: boolean | undefined;
  write(chunk: string): unknown;
}

/** A running progress display: `update` names the current stage, `stop` clears the spinner line. */
export interface Progress {
  update(message: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Print nothing (`--format json`). */
  quiet?: boolean | undefined;
  stream?: ProgressStream | undefined;
  /** Spinner frame interval (default 80 ms). */
  intervalMs?: number | undefined;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SILENT: Progress = { update() {}, stop() {} };

/**
 * Start a progress display.
 * @example
 * const progress = startProgress({ quiet: format === 'json' });
 * try { progress.update('type-checking 12 workflows'); … } finally { progress.stop(); }
 */
export function startProgress(options: ProgressOptions = {}): Progress {
  if (options.quiet) return SILENT;
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) {
    let last = '';
    return {
      update(message) {
        if (message === last) return;
        last = message;
        stream.write(`${message}…\n`);
      },
      stop() {},
    };
  }
  let message = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  const render = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${message}${seconds >= 1 ? ` (${seconds} s)` : ''}`);
  };
  return {
    update(next) {
      message = next;
      render();
      if (!timer) {
        timer = setInterval(render, options.intervalMs ?? 80);
        timer.unref();
      }
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\x1b[K');
    },
  };
}
