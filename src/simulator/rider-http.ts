import http from 'node:http';

/** One HTTP exchange as a simulated rider makes it: the answer's status and body text. */
export type RiderHttp = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<{ status: number; text: string }>;

/** The default: global fetch (undici). */
export const fetchHttp: RiderHttp = async (method, url, headers, body) => {
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, text: await res.text() };
};

/**
 * Plain node:http over kept-alive sockets. For many riders in one process (bench:rentals' load
 * process) it costs noticeably less CPU per request than fetch, whose streams, Headers and Response
 * objects are built for every call; the load process shares the machine's two cores with the platform.
 */
export function keepAliveHttp(agent = new http.Agent({ keepAlive: true, maxSockets: 512 })): RiderHttp {
  return (method, url, headers, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}
