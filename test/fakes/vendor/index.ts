/**
 * The one fake vendor used by the tests, the clients suite, the bench and the soak: the real
 * wire formats of OpenAI chat and Responses, Anthropic Messages and Gemini, including their
 * errors, auth headers and retry hints. Bench and soak load it built (`dist/fake-vendor.mjs`,
 * see esbuild.mjs); tests import this file through tsx.
 */
export { FakeVendor, type Handler, type VendorOptions } from './server';
export { echoScript, serveVendor, type Fault, type PacedTurn, type RecordedRequest, type ServeOptions } from './serve';
export { json, reset, sendError, sleep, sseFrames, writeFrames } from './http';
export { pingFrame, pingOnly, resetAfterHeaders, resetMidBody, silentAfterHeaders } from './faults';
export { benchScript, parseModelParams, type BenchDefaults } from './bench';
export { badKeyError, vendorError, type ErrorOptions, type VendorErrorResponse, type VendorKind } from './wire/errors';
export {
  anthropicResponse, anthropicStream, geminiResponse, geminiStream, jsonAnswer, kindOfWire, openaiChatResponse, openaiChatStream,
  renderJson, renderStream, responsesResponse, responsesStream, streamFrames, tokenOf, wireOf, type Wire,
} from './wire/index';
export { sampleFor, USAGE, type ErrorHints, type RequestView, type Script, type ToolCall, type ToolDecl, type ToolResult, type Turn, type WireDialect } from './wire/turn';
export { answerError, answerWell } from './answer-well';
export { modelOf, refuseModels, type ModelRefusal } from './model-faults';
export {
  anthropicSignature, checkAnthropic, checkDeepSeek, checkGemini, GEMINI_SKIP, geminiCallSignature, startThinkingVendor, stepOf, toolSessionScript,
  type ThinkingVendorKind,
} from './thinking';
export { accountCache, startCachingAnthropic, type CacheAccount } from './prompt-cache';
export { structuredScript, type StructuredVendorOptions } from './wire/structured';
