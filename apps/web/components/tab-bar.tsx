"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./tab-bar.module.css";

/** One section of a tabbed area: a real route, deep-linkable. */
export interface Tab {
  href: string;
  label: string;
  /** Active only on exactly this path (the area's first tab, whose path prefixes the others'). */
  exact?: boolean;
}

/** Whether `tab` is the section `pathname` shows (case-insensitive: a token address may come checksummed). */
export function isActiveTab(tab: Tab, pathname: string): boolean {
  const path = pathname.toLowerCase().replace(/\/+$/, "");
  const href = tab.href.toLowerCase();
  return path === href || (!tab.exact && path.startsWith(`${href}/`));
}

/**
 * A bar of section links (`<nav>` of `<Link>`s, not ARIA tabs: each section is a page of its own with its URL), the
 * current one marked `aria-current="page"`. Reached and followed with the keyboard like any link.
 */
export function TabBar({ label, tabs }: { label: string; tabs: readonly Tab[] }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label={label} className={styles.bar}>
      <ul className={styles.list}>
        {tabs.map((t) => {
          const active = isActiveTab(t, pathname);
          return (
            <li key={t.href}>
              <Link href={t.href} aria-current={active ? "page" : undefined} className={active ? `${styles.tab} ${styles.active}` : styles.tab}>
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
