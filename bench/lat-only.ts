import { startLocalStack } from '../local/stack.ts';
import { benchLatency } from './latency.ts';
process.removeAllListeners('warning');
const stack = await startLocalStack({ port: 0, dynamoPort: 0 });
try {
  const r = await benchLatency(stack);
  console.log(JSON.stringify(r).match(/median\(PutItem\) = [^"|]*/g));
  console.log(JSON.stringify(r));
} finally {
  await stack.close();
  process.exit(0);
}
