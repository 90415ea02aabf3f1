/**
 * The simulator child process: runs the simulated gateways on their own event loop so their
 * timers never compete with the measuring process. Started by host.ts; exits when told to or
 * when the parent goes away (IPC disconnect).
 */
import { isParentMessage, type ChildMessage } from './ipc.ts';
import { createSimServer, type SimServer } from './server.ts';

const servers: SimServer[] = [];

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function shutdown(code: number): Promise<never> {
  await Promise.allSettled(servers.map((s) => s.close()));
  process.exit(code);
}

process.on('message', (message: unknown) => {
  if (!isParentMessage(message)) return;
  if (message.type === 'close') {
    void shutdown(0);
    return;
  }
  Promise.all(message.specs.map((spec) => createSimServer(spec)))
    .then((started) => {
      servers.push(...started);
      send({ type: 'ready', urls: started.map((s) => s.url) });
    })
    .catch((err: unknown) => {
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      void shutdown(1);
    });
});

process.on('disconnect', () => void shutdown(0));

// Ctrl-C reaches the whole process group: let the parent decide (it may still be finishing
// in-flight requests to write a partial report); a dead parent still ends us via 'disconnect'.
process.on('SIGINT', () => undefined);

if (process.send === undefined) {
  console.error('src/sim/child.ts must be started by startSimulators() (it needs an IPC channel)');
  process.exit(2);
}
