/**
 * V8's young generation ("new space") grows its two semi-spaces under a high allocation rate (a request flood) and
 * keeps them: up to 16 MiB each on Node 20 and 22, 64 MiB each on Node 24, so a flood leaves +50 to +150 MB of
 * resident memory that never returns. phoenix-mock is started with the semi-spaces capped at 4 MiB (what
 * startMockServer passes; measured in RELIABILITY.md: RSS returns within ~30 MB, at a small throughput cost).
 */
export const MOCK_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];
