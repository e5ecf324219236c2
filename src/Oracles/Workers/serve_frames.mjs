// The request loop of a Node worker (PROTOCOL.md): reads request frames from stdin and answers each with progress
// frames and one final frame; a failure becomes an error reply of one line and the worker serves on. `echo` (the
// protocol's own test op) and `shutdown` are answered here; every other op comes from the worker.
import { readFrames, writeFrame } from './frames.mjs';

function oneLine(e) {
  return String(e?.message ?? e).split('\n')[0] || 'unknown error';
}

/** Progress frames, a pause, an error, else the args and tensors back unchanged (PROTOCOL.md, "echo"). */
async function echo(args, tensors, progress) {
  const count = Number(args.progress ?? 0);
  for (let i = 0; i < count; i++) progress(`echo ${i + 1}/${count}`);
  await new Promise(resolve => setTimeout(resolve, Number(args.sleep_seconds ?? 0) * 1000));
  if (args.fail !== undefined) throw new Error(String(args.fail));
  return {
    result: { args },
    tensors: Object.entries(tensors).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape, data: t.bytes })),
  };
}

/**
 * Serves `ops` ({name: async (args, tensors, progress) => {result, tensors}}) until shutdown or the end of stdin, then
 * exits 0; `stdout` is the stream frames go to (the worker points console output elsewhere).
 */
export async function serveFrames(ops, stdout, workerName) {
  const all = { ...ops, echo };
  for await (const { header, tensors, malformed } of readFrames(process.stdin)) {
    if (malformed) {
      process.stderr.write(`${workerName}: malformed request: ${malformed.message}\n`);
      writeFrame(stdout, { id: malformed.id, ok: false, error: oneLine(malformed.message), type: 'MalformedRequest' });
      continue;
    }
    const { id, op, args = {} } = header;
    if (op === 'shutdown') {
      writeFrame(stdout, { id, ok: true, result: {} });
      break;
    }
    const progress = message => writeFrame(stdout, { id, event: 'progress', message });
    try {
      if (!Object.hasOwn(all, op)) throw new Error(`unknown op '${op}' (known: ${Object.keys(all).join(', ')}, shutdown)`);
      const reply = await all[op](args ?? {}, tensors, progress);
      writeFrame(stdout, { id, ok: true, result: reply.result }, reply.tensors ?? []);
    } catch (e) {
      process.stderr.write(`${workerName}: ${op} failed: ${e?.stack ?? e}\n`);
      writeFrame(stdout, { id, ok: false, error: oneLine(e), type: e?.name ?? 'Error' });
    }
  }
  process.exit(0);
}
