// The tally a page shows, kept current: the loader's (right without JavaScript), replaced by each
// message of the consultation's socket room (`consultation:<id>`, joined through the page's one
// socket, loaded lazily after hydration; the server sends the current tally on joining, also
// after a reconnection). The server sends nothing to the room while results are hidden until the
// close, and the loader reads nothing then either.
import { useLiveTally as useRoomTally } from "~/modules/events/ui/useLiveEvents";
import type { ConsultationTally } from "../schema";

export function useLiveTally(consultationId: number, initial: ConsultationTally | null, enabled: boolean): ConsultationTally | null {
  const live = useRoomTally(consultationId, { enabled });
  return live ?? initial;
}
