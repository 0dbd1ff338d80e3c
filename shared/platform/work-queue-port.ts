/** A queue to put work on: SQS on AWS, the in-process queue locally. */
export interface WorkQueue {
  send(body: Record<string, unknown>): Promise<void>;
}
