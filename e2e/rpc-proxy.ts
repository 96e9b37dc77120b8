import http from "node:http";
import type { AddressInfo } from "node:net";

/** A running {@link startRpcProxy}. */
export interface RpcProxy {
  /** `http://127.0.0.1:<port>`: send JSON-RPC here instead of to anvil. */
  url: string;
  close(): Promise<void>;
}

const SENDS = /"eth_send(Raw)?Transaction"/;

/**
 * A JSON-RPC pass-through in front of anvil that forwards transactions one at a time (every other call at once).
 *
 * Why: anvil picks the nonce of an `eth_sendTransaction` from "mined + pooled" before it pools the transaction, so two
 * sends from one account at the same moment can get the same nonce (foundry-rs/foundry, ethers-rs#1354), and a
 * locally signed transaction (viem reads the pending nonce, then sends) races the same way. The journeys run in
 * several Playwright workers and share the demo accounts (the issuer, account 0, deploys every journey's asset; the
 * compliance officer, account 1, registers every journey's investors), from the SDK and from the browser: all of
 * their transactions come through here (the browser's via the route in tests/fixtures.ts), and each is pooled
 * before the next is looked at. Anvil mines each on arrival, so this costs milliseconds.
 *
 * Answers CORS like anvil (any origin), since the browser's calls arrive here too.
 * @param target anvil's JSON-RPC URL.
 */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let queue: Promise<unknown> = Promise.resolve();
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
  };
  const forward = async (body: string) => {
    const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: res.status, text: await res.text() };
  };
  const server = http.createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let answer: Promise<{ status: number; text: string }>;
      if (SENDS.test(body)) {
        answer = queue.then(() => forward(body));
        queue = answer.catch(() => undefined);
      } else {
        answer = forward(body);
      }
      answer.then(
        ({ status, text }) => res.writeHead(status, { ...cors, "content-type": "application/json" }).end(text),
        (err: Error) => res.writeHead(502, cors).end(`anvil did not answer: ${err.message}`),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
