/**
 * The V8 flags a gateway process runs with: `npm start` and `npm run gateway` (package.json), and
 * every process `npm run bench` starts, the plain gateway and Apollo Gateway included, so that the
 * baseline runs the same runtime as the privacy gateway.
 *
 * `--max-semi-space-size=64` (MB; Node 20's default is 16): under load a gateway allocates about
 * 2 MB per request, most of it garbage within the request, so a 16 MB young generation is
 * collected every few requests while about ten are in flight. Whatever those requests still hold
 * (subgraph answers, execution results, and in the privacy gateway each row's inputs until the
 * privacy pass has read them) survives two collections and is promoted; the old generation then
 * needs full collections it should never have needed. With 64 MB, a request's objects die young.
 * The cost is memory: the young generation's two semi-spaces may take up to 96 MB more per
 * process. `npm run bench` runs every process with these flags.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
