/** Client-side JSON calls to the annotation and post-mortem API; errors come back as the envelope's message. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; details?: unknown };

export async function callApi<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { error?: { message?: string; details?: unknown } } | null;
    if (!res.ok)
      return { ok: false, status: res.status, message: json?.error?.message ?? `HTTP ${res.status}`, details: json?.error?.details };
    return { ok: true, data: json as T };
  } catch (e) {
    return { ok: false, status: 0, message: e instanceof Error ? e.message : "network error" };
  }
}
