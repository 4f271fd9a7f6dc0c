/**
 * Entry of `dist/redis.js` (esbuild.mjs): the ioredis client, bundled on its own and required
 * only when `state.redis` is set (redis-link.ts), so a proxy without team mode never loads it.
 */
export { default as Redis } from 'ioredis';
