import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Live, Snapshot } from './live';

/** Whether a media query matches, following it as it changes. */
export function useMedia(query: string): boolean {
  const subscribe = (onChange: () => void) => {
    const m = window.matchMedia(query);
    m.addEventListener('change', onChange);
    return () => m.removeEventListener('change', onChange);
  };
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

export function useLive(live: Live): Snapshot {
  return useSyncExternalStore(
    (onChange) => live.subscribe(onChange),
    () => live.current,
  );
}

export type Theme = 'light' | 'dark';

/** The colour scheme: the system's until the person picks one, which is remembered. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const systemDark = useMedia('(prefers-color-scheme: dark)');
  const [chosen, setChosen] = useState<Theme | null>(() => {
    const saved = localStorage.getItem('mim.theme');
    return saved === 'light' || saved === 'dark' ? saved : null;
  });
  const theme = chosen ?? (systemDark ? 'dark' : 'light');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const choose = (t: Theme) => {
    localStorage.setItem('mim.theme', t);
    setChosen(t);
  };
  return [theme, choose];
}

/** Runs `task` now, then again `millis` after each run ends (so never two at once), until `deps` change. */
export function useRepeat(task: () => Promise<unknown>, millis: number, deps: unknown[]): void {
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      await task().catch(() => undefined);
      if (!stopped) timer = setTimeout(run, millis);
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
}
