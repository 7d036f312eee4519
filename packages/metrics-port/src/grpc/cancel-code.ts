/**
 * What a server call that ended without a status of its own counts as. grpc-js never passes a client's
 * cancel, nor the DEADLINE_EXCEEDED its deadline timer sends, through the interceptors' `sendStatus`: the
 * only trace is the listener's `onCancel`. The deadline is what tells the two apart.
 */
import { type Deadline, status } from "@grpc/grpc-js";

/**
 * How close to its deadline a cancelled call counts as DeadlineExceeded. At the deadline the client's own
 * timer resets the stream, and that reset reaches the server about when the server's copy of the deadline
 * (client deadline + header transit, rounded up to the millisecond) expires — on either side of it by the
 * jitter between the two one-way trips and timer granularity. A real cancel this close to the deadline is
 * indistinguishable from the deadline anyway.
 */
export const DEADLINE_GRACE_MS = 20;

export function cancelledCallCode(deadline: Deadline, nowMs: number): status {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) && nowMs >= at - DEADLINE_GRACE_MS ? status.DEADLINE_EXCEEDED : status.CANCELLED;
}
