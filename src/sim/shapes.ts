/** OpenAI chat-completion pieces every profile builds on (message, delta, usage). */
import type { Piece } from './chatflow.ts';
import type { SimAnswer } from './responder.ts';

export function assistantMessage(answer: SimAnswer): Record<string, unknown> {
  if (answer.toolCall === null) return { role: 'assistant', content: answer.content, refusal: null };
  const { id, name, arguments: args } = answer.toolCall;
  return { role: 'assistant', content: null, refusal: null, tool_calls: [{ id, type: 'function', function: { name, arguments: args } }] };
}

export function usageOf(answer: SimAnswer): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
  };
}

/** The delta of one stream piece; `role` added when the profile repeats it on every delta. */
export function deltaOf(piece: Piece, withRole: boolean): Record<string, unknown> {
  const role = withRole ? { role: 'assistant' } : {};
  if (piece.kind === 'content') return { content: piece.text, ...role };
  const fn = piece.first ? { name: piece.call.name, arguments: '' } : { arguments: piece.args };
  const call = piece.first ? { index: 0, id: piece.call.id, type: 'function', function: fn } : { index: 0, function: fn };
  return { ...role, tool_calls: [call] };
}

/** Text the client has received so far, for estimated usage after a cut. */
export function pieceText(piece: Piece): string {
  return piece.kind === 'content' ? piece.text : piece.args;
}

export function estimateTokens(text: string): number {
  return Math.max(1, Math.round(text.length / 4));
}
