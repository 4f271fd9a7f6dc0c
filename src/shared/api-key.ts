/** The host's names for the proxy key rule; the rule itself lives in core (one copy). */
export { API_KEY_MIN_LENGTH, API_KEY_PREFIX, generateApiKey, maskApiKey, validateApiKey } from '../core/api-key';
