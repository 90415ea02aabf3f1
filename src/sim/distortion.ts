/**
 * What a distorting gateway actually serves for a request: the request as the model receives it
 * (parameters dropped, clamped or rescaled, a system prompt prepended) and the weights it runs
 * (another training mix, quantization-like noise). Without a distortion it is the request itself.
 */
import { DistortionSchema, type Distortion } from '../config/schema.ts';
import { canonicalModelId } from '../gateway/alias.ts';
import type { ChatRequest } from './request.ts';

/** The temperature a provider applies when the request leaves it out or the gateway drops it. */
export const DEFAULT_TEMPERATURE = 1;

export interface Served {
  request: ChatRequest;
  /** Share of another training mix in the weights (0 = reference). */
  otherModel: number;
  /** Quantization-like noise on next-token log-probabilities (nats). */
  logitNoise: number;
}

export function serve(request: ChatRequest, d: Distortion | undefined): Served {
  if (d === undefined || (d.models !== undefined && !d.models.includes(canonicalModelId(request.model)))) return { request, otherModel: 0, logitNoise: 0 };
  let temperature = request.temperature;
  if (d.temperatureIgnored) temperature = DEFAULT_TEMPERATURE;
  else if (temperature !== undefined) {
    temperature *= d.temperatureScale;
    if (d.temperatureMax !== undefined) temperature = Math.min(temperature, d.temperatureMax);
  }
  let topP = d.topPIgnored ? undefined : request.topP;
  if (d.topPMin !== undefined && topP !== undefined) topP = Math.max(topP, d.topPMin);
  const messages = d.systemPrompt === undefined ? request.messages : [{ role: 'system', content: d.systemPrompt }, ...request.messages];
  return {
    request: {
      ...request,
      messages,
      temperature,
      topP,
      seed: d.seedIgnored ? undefined : request.seed,
      maxTokens: d.maxTokensIgnored ? undefined : request.maxTokens,
    },
    otherModel: d.otherModel,
    logitNoise: d.logitNoise,
  };
}

/** `serve-sim --help`: the knobs, from the schema's own descriptions (one source). */
export const DISTORTION_HELP = [
  'Distortions (sim.distortion in eval.config.yaml, or --distortion \'<json>\' for the candidate): the gateway serves',
  'a different output distribution under the same model name. Knobs:',
  ...Object.entries(DistortionSchema.shape).map(([name, field]) => `  ${name.padEnd(19)}${field.description ?? ''}`),
  'Example: --distortion \'{"temperatureScale":0.5,"models":["google/gemini-2.0-flash"]}\' (target local-substituted).',
].join('\n');
