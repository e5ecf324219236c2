// Where a Node worker finds its npm packages: the node_modules folder the host names with `--node-modules <dir>` (else
// $BINDING_CONFORMANCE_NODE_MODULES). The scripts run from the build output, so they cannot find it relative to themselves.
import { createRequire } from 'node:module';
import path from 'node:path';

/** {nodeModules, require}: the folder, and a `require` that resolves packages from it. */
export function packageRequire() {
  const i = process.argv.indexOf('--node-modules');
  const dir = i >= 0 ? process.argv[i + 1] : process.env.BINDING_CONFORMANCE_NODE_MODULES;
  if (!dir) throw new Error('no node_modules folder given (--node-modules <dir>)');
  const nodeModules = path.resolve(dir);
  return { nodeModules, require: createRequire(path.join(path.dirname(nodeModules), 'package.json')) };
}
