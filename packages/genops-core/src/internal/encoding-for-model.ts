/** The BPE encodings GenOps estimators know. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

const cache = new Map<string, EncodingName>();
const o200k = /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|gpt-oss|codex)/;
const cl100k = /^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002|davinci-002|babbage-002)/;

/**
 * The encoding used to count tokens for `model`. OpenAI models map to their own encoding; every
 * other model (Anthropic, Google, Mistral, local models) is approximated with `o200k_base`.
 */
export function encodingForModel(model: string | undefined): EncodingName {
  if (model === undefined) return 'o200k_base';
  let encoding = cache.get(model);
  if (encoding === undefined) {
    const id = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
    encoding = o200k.test(id) ? 'o200k_base' : cl100k.test(id) ? 'cl100k_base' : 'o200k_base';
    if (cache.size < 1024) cache.set(model, encoding);
  }
  return encoding;
}
