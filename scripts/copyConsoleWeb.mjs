// `npm run build`'s second step: the console's browser code is plain JavaScript that tsc does not
// copy, so it goes beside the compiled console (dist/console/web), where the server looks first.
import { cpSync, rmSync } from 'node:fs';

rmSync('dist/console/web', { recursive: true, force: true });
cpSync('src/console/web', 'dist/console/web', { recursive: true });
