/**
 * The 25 prompts of the distribution calibration (src/calibrate/distribution.ts): a mix of
 * support, engineering and open questions, sampled the way many applications call a model
 * (temperature 0.7, top_p 0.9, max_tokens 48). Fixed: the calibration table depends on them.
 */
export const CALIBRATION_PROMPTS: readonly string[] = [
  'A customer was charged twice this month. Draft a short reply.',
  'How do I cancel my monthly plan, and do I keep access?',
  'Summarise this ticket: the CSV export shows the wrong currency on half the rows.',
  'Write a friendly one-line tagline for our support page.',
  'Explain what the p95 latency of an endpoint means.',
  'Suggest three names for an internal latency dashboard.',
  'Why would a gateway answer with status 429?',
  'Describe a quiet morning in the city by the river.',
  'Tell the customer their missing items will ship soon.',
  'How should a retry policy handle timeouts?',
  'Explain how a canary rollout compares two gateways.',
  'Write two sentences about the weather changing over the mountain.',
  'A user cannot log in on mobile. What do we tell them?',
  'What does a model alias map, and why keep it in one place?',
  'Reply to a customer asking for a refund on an annual plan.',
  'How are streaming responses delivered to the client?',
  'Give a short story opening set in a small kitchen.',
  'How do I add a new team member to my account?',
  'Explain why memory stays flat when results are streamed to disk.',
  'What should a good support tagline say?',
  'How do I update the email address on my account?',
  'Explain connection pool saturation to a new engineer.',
  'Describe the market street on a busy evening.',
  'Our invoice export is broken before the quarterly close. Please help.',
  'What do temperature and top p change in a model output?',
];
