import Link from "next/link";

/** 404 page. */
export default function NotFound() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to Tessera</Link>
      </p>
    </main>
  );
}
