"use client";

import { shortAddress } from "@/lib/client/format";
import { useMyDocuments } from "@/lib/investor/queries";
import { QueryNotice } from "../query-notice";

/** Only these URI schemes become links (a `javascript:` URI stated on-chain must never run). */
const SAFE_URI = /^(https?:\/\/|ipfs:\/\/)/i;

/**
 * "Documents": the ERC-1643 documents (name, link, content hash) of the assets the signed-in wallet holds or held,
 * as the chain states them (indexed). Links open in a new tab without the opener.
 */
export function AssetDocuments({ wallet, signedIn }: { wallet: string | undefined; signedIn: boolean }) {
  const q = useMyDocuments(wallet, signedIn);
  return (
    <section className="card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      {!signedIn || !wallet ? (
        <p className="notice" aria-label="Documents access">
          Sign in with your wallet to see the documents of your assets.
        </p>
      ) : (
        <>
          <QueryNotice isPending={q.isPending} error={q.error} what="documents" />
          {q.data ? (
            <div className="table-wrap">
              <table aria-label="Asset documents">
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col">Document</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.documents.length === 0 ? (
                    <tr>
                      <td colSpan={2} className="empty">
                        No documents for your assets.
                      </td>
                    </tr>
                  ) : (
                    q.data.documents.map((d) => (
                      <tr key={`${d.token}-${d.name}`}>
                        <td>
                          {d.assetName} ({d.symbol})
                        </td>
                        <td>
                          {SAFE_URI.test(d.uri) ? (
                            <a href={d.uri} target="_blank" rel="noopener noreferrer">
                              {d.name}
                            </a>
                          ) : (
                            <>
                              {d.name} <span className="hint">{d.uri}</span>
                            </>
                          )}
                          <div className="hint">
                            hash <code title={d.documentHash}>{shortAddress(d.documentHash)}</code> · block {d.updatedBlock}
                          </div>
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
