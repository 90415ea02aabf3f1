/** Messages between the measuring process and the simulator child (keys travel only here). */
import type { SimSpec } from '../config/schema.ts';
import type { ProfileName } from '../gateway/types.ts';

export interface ChildServerSpec {
  profile: ProfileName;
  apiKey: string;
  sim: SimSpec;
  host: string;
  port: number;
}

export type ParentMessage = { type: 'start'; specs: ChildServerSpec[] } | { type: 'close' };
export type ChildMessage = { type: 'ready'; urls: string[] } | { type: 'error'; message: string };

export function isParentMessage(m: unknown): m is ParentMessage {
  return typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'start' || (m as { type?: unknown }).type === 'close');
}

export function isChildMessage(m: unknown): m is ChildMessage {
  return typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'ready' || (m as { type?: unknown }).type === 'error');
}
