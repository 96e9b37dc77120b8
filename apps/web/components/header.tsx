"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChainSwitcher } from "./chain-switcher";
import { WalletMenu } from "./wallet-menu";
import styles from "./header.module.css";

const NAV = [
  { href: "/issuer", label: "Issuer portal" },
  { href: "/investor", label: "Investor app" },
  { href: "/compliance", label: "Compliance console" },
] as const;

/** Site header: brand, the three areas, the chain switcher (when several chains are served) and the wallet menu. */
export function Header() {
  const pathname = usePathname() ?? "/";
  return (
    <header className={styles.header}>
      <div className={styles.bar}>
        <Link href="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            ◆
          </span>
          Tessera
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          {NAV.map((n) => {
            const active = pathname === n.href || pathname.startsWith(`${n.href}/`);
            return (
              <Link key={n.href} href={n.href} aria-current={active ? "page" : undefined} className={active ? styles.active : undefined}>
                {n.label}
              </Link>
            );
          })}
        </nav>
      </div>
      <ChainSwitcher />
      <WalletMenu />
    </header>
  );
}
