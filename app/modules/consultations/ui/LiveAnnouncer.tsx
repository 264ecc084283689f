// The tallies change many times a second at a busy close: a screen reader must not read each
// change. This polite live region says the latest text at most once every few seconds, and never
// the text the page loaded with (the reader finds that in the page itself).
import { useEffect, useRef, useState } from "react";

export const ANNOUNCE_EVERY_MS = 5_000;

export function ThrottledAnnouncer({ message, everyMs = ANNOUNCE_EVERY_MS }: { message: string; everyMs?: number }) {
  const [spoken, setSpoken] = useState("");
  const first = useRef(message);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (message === first.current) return;
    first.current = "";
    const wait = last.current + everyMs - Date.now();
    clearTimeout(timer.current);
    const say = () => {
      last.current = Date.now();
      setSpoken(message);
    };
    if (wait <= 0) say();
    else timer.current = setTimeout(say, wait);
  }, [message, everyMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="tally-announcer">
      {spoken}
    </div>
  );
}
