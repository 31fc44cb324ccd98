import { gunzipSync } from "node:zlib";
import { badRequest, payloadTooLarge } from "@/lib/errors";

/** A gzip body inflated, refusing more than `limit` bytes of output (a small bomb cannot fill the memory). */
export function inflateGzip(body: Uint8Array, limit: number): Uint8Array {
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
      throw payloadTooLarge(`The export request inflates to more than ${limit} bytes.`);
    throw badRequest(`The body is not valid gzip: ${(e as Error).message}`);
  }
}
