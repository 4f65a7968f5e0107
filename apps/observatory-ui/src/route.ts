import { useEffect, useState } from "preact/hooks";

/** The page's views. */
export const VIEWS = ["go-live", "threats", "sessions", "tools", "playground"] as const;

/** A view name. */
export type View = (typeof VIEWS)[number];

/** Where the page is: `#<view>?<params>`; every number on the page links to such an address. */
export interface Route {
  view: View;
  params: Record<string, string>;
}

/** Reads the route from `location.hash`. */
export function parseRoute(hash: string): Route {
  const [rawView, rawQuery] = hash.replace(/^#/, "").split("?", 2);
  const view = (VIEWS as readonly string[]).includes(rawView ?? "") ? (rawView as View) : "go-live";
  return { view, params: Object.fromEntries(new URLSearchParams(rawQuery ?? "")) };
}

/** The address of a view with parameters (empty values dropped). */
export function href(view: View, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""),
  ).toString();
  return `#${view}${q ? `?${q}` : ""}`;
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
