/** JSON to an Aftermath API route from a client component: null on success, else the error envelope's message. */
export async function sendJson(url: string, method: string, body?: unknown): Promise<{ error: string | null; data: unknown }> {
  try {
    const res = await fetch(url, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => null)) as { error?: { message?: string }; message?: string } | null;
    if (res.ok) return { error: null, data };
    return { error: data?.error?.message ?? data?.message ?? `HTTP ${res.status}`, data };
  } catch {
    return { error: "Network error.", data: null };
  }
}
