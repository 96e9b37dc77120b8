import type { ReactNode } from "react";
import styles from "./empty-state.module.css";

/**
 * A card whose flows are not built yet, or have nothing to show: its heading and, in words, what will appear here.
 * Honest by design: it never shows made-up rows or figures.
 */
export function EmptyState({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className={styles.empty}>{children}</p>
    </section>
  );
}
