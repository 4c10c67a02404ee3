#!/usr/bin/env node
// The `faultline` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
let cli
try {
  cli = await import('../dist/src/cli/main.js')
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    process.stderr.write('faultline: not built yet; run `npm install` (or `npm run build`) in the faultline folder\n')
    process.exit(2)
  }
  throw err
}
process.exitCode = await cli.main(process.argv.slice(2), cli.nodeIo())
