/** Client-side calls to /api/tokens (the settings page's create and revoke). */
export type ApiErrorBody = { error?: { code?: string; message?: string } };

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as ApiErrorBody;
    if (body.error?.message) return body.error.message;
  } catch {
    /* not JSON */
  }
  return `The server answered ${res.status}.`;
}

export type NewToken = { id: string; name: string; scope: string; token: string };

export async function postToken(body: {
  name: string;
  scope: string;
  kind: string;
  expires: string;
  ownerEmail?: string;
}): Promise<NewToken> {
  const res = await fetch("/api/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await errorMessage(res));
  return (await res.json()) as NewToken;
}

export async function deleteToken(id: string): Promise<void> {
  const res = await fetch(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
  if (!res.ok) throw new Error(await errorMessage(res));
}
