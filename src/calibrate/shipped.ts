/** The shipped targets' settings, read from eval.config.yaml: the calibration checks what users get. */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.ts';
import type { Thresholds } from '../config/schema.ts';

export interface TargetSettings {
  repeat: number;
  thresholds: Thresholds;
}

const CONFIG = fileURLToPath(new URL('../../eval.config.yaml', import.meta.url));

export function shippedTarget(name: 'staging' | 'production'): TargetSettings {
  const { config } = loadConfig(CONFIG);
  const target = config.targets[name];
  if (target === undefined) throw new Error(`eval.config.yaml has no target ${name}`);
  return { repeat: target.repeat ?? config.defaults.repeat, thresholds: config.thresholds };
}

/** Cases in the suite the acceptance names for the run-level scenarios. */
export const SUITE_CASES = 20;
