import { fail } from "../../args";
import type { Schedule } from "../../schedules/schedule";
import type { Transform } from "./transform";

/** Uses `schedule(k)` as the learning rate of step k (k = steps taken), e.g. schedules.linearDecay (eq. 8.14). */
export function scheduleLr(schedule: Schedule): Transform {
  if (typeof schedule !== "function") fail("optim.scheduleLr", "schedule", "a schedule (a function of the step k)", schedule);
  return {
    name: `scheduleLr(${schedule.description ?? "custom"})`,
    lr(_lr, s) {
      const lr = schedule(s.t);
      if (typeof lr !== "number" || !(lr >= 0) || !Number.isFinite(lr)) fail("optim.scheduleLr", "schedule", `a function returning a finite learning rate ≥ 0 at k = ${s.t}`, lr);
      return lr;
    },
  };
}
