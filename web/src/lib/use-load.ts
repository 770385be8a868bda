import { type DependencyList, useCallback, useEffect, useState } from 'react'

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: Error }
  | { readonly state: 'ready'; readonly value: T }

/** Loads once per change of `deps`; `reload` loads again. A result that arrives after a newer load is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  const [generation, setGeneration] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  const run = useCallback(load, deps)
  useEffect(() => {
    let current = true
    setLoaded((l) => (l.state === 'ready' && generation > 0 ? l : { state: 'loading' }))
    run().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) =>
        current && setLoaded({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    )
    return () => {
      current = false
    }
  }, [run, generation])
  return [loaded, () => setGeneration((g) => g + 1)]
}
