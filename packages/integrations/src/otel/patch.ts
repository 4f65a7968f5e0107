/** Restores what {@link patchMethod} replaced. @internal */
export type Unpatch = () => void;

/**
 * Replaces `target[name]` with `wrap(original)` as an own property (the prototype is untouched, so other
 * instances are unaffected) and returns a function that restores the previous state. @internal
 */
export function patchMethod<T extends object, K extends keyof T>(
  target: T,
  name: K,
  wrap: (original: T[K]) => T[K],
): Unpatch {
  const original = target[name];
  if (typeof original !== "function") return () => {};
  const hadOwn = Object.hasOwn(target, name);
  const bound = (original as (...args: unknown[]) => unknown).bind(target) as T[K];
  Object.defineProperty(target, name, {
    value: wrap(bound),
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return () => {
    if (hadOwn) Object.defineProperty(target, name, { value: original, configurable: true, writable: true });
    else delete target[name];
  };
}
