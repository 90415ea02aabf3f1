/**
 * The fetch the openai SDK is given. Through the SDK both gateways lose their error codes, so
 * for a non-2xx response this wrapper reads the raw body first, files status/headers/body in
 * the request's capture slot, and hands the SDK an identical response to raise its error from.
 * The slot travels with the request in `fetchOptions` (the SDK spreads those into the init it
 * passes to fetch), so concurrent requests on one SDK client never mix captures.
 */

export const CAPTURE: unique symbol = Symbol('cutover.capture');

export interface CapturedResponse {
  status: number;
  headers: Headers;
  bodyText: string;
}

export interface CaptureSlot {
  error: CapturedResponse | null;
}

export type CaptureInit = RequestInit & { [CAPTURE]?: CaptureSlot };

/** Per-request `fetchOptions` carrying the slot (no other RequestInit fields, as the SDK requires). */
export function captureInit(slot: CaptureSlot): { [CAPTURE]: CaptureSlot; redirect: 'follow' } {
  // `redirect: 'follow'` is fetch's default; it is here so the type shares a field with RequestInit.
  return { [CAPTURE]: slot, redirect: 'follow' };
}

export function capturingFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    // The slot stays in the init: fetch reads only the RequestInit fields it knows (no copy per request).
    const slot = (init as CaptureInit | undefined)?.[CAPTURE];
    const res = await inner(input, init);
    if (res.ok || !slot) return res;
    const bodyText = await res.text();
    slot.error = { status: res.status, headers: res.headers, bodyText };
    return new Response(bodyText, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
