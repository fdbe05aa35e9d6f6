import { randomBytes } from 'node:crypto';

const prefix = randomBytes(8).toString('hex');
let counter = 0;

/** @internal A process-unique AWU id for when no tracing SDK assigns span ids. */
export function nextAwuId(): string {
  counter += 1;
  return `${prefix}-${counter.toString(36)}`;
}
