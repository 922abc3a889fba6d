// Loaded with `--import` (through NODE_OPTIONS, so every child process has it too) by `npm run test:sdk3`:
// makes `@opentelemetry/*` imported from anywhere outside $OTEL_SESSION_FILE_OTEL_LINE_DIR resolve from that
// folder's node_modules instead of the repo's, so that the repo's own files (src/, dist/, test/, examples/)
// run against the other SDK line, with one copy of each package. Packages inside the folder resolve as usual.
// Synchronous hooks (Node >= 22.15) because they cover require() as well as import.
import { createRequire, registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const lineDir = process.env.OTEL_SESSION_FILE_OTEL_LINE_DIR;
if (!lineDir) throw new Error('otelLineHooks.mjs: OTEL_SESSION_FILE_OTEL_LINE_DIR is not set');
const lineURL = pathToFileURL(join(lineDir, '/')).href;
const lineParent = pathToFileURL(join(lineDir, 'package.json')).href;
const requireFromLine = createRequire(lineParent);

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('@opentelemetry/') && !context.parentURL?.startsWith(lineURL)) {
      // require() resolves from its calling module whatever parentURL says, so it is resolved here.
      if (context.conditions?.includes('require')) {
        return { url: pathToFileURL(requireFromLine.resolve(specifier)).href, shortCircuit: true };
      }
      return nextResolve(specifier, { ...context, parentURL: lineParent });
    }
    return nextResolve(specifier, context);
  },
});
