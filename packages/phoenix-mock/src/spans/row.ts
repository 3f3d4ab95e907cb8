/** The stored span record and how the store may pack it (src/spans/arena.ts). */
import type { SpanArena } from "./arena.js";
import type { TraceRow } from "./trace-rows.js";

export interface StoredSpan<S> {
  /** Phoenix's row id: 1, 2, 3 ... in arrival order over the store's life (evictions leave gaps, never reuse). */
  readonly rowId: number;
  readonly project: string;
  readonly span: S;
  readonly receivedAt: Date;
  /** The span's start time in microseconds (`startMicrosOf`), read without decoding the span; 0 without it. */
  readonly startMicros: number;
}

/**
 * How the store keeps a span small: its own encoded bytes (in a shared arena) and the context they decode with. A span
 * without bytes (`encoded` answers undefined) is kept as the object it is.
 */
export interface SpanCodec<S> {
  encoded(span: S): { bytes: Uint8Array; context: unknown } | undefined;
  decode(bytes: Uint8Array, context: unknown): S;
}

export interface Packing<S> {
  readonly codec: SpanCodec<S>;
  readonly arena: SpanArena;
}

/** A stored span: its bytes in the arena (`chunk` ≥ 0) decoded on each read of `span`, or the span itself. */
export class Row<S> implements StoredSpan<S> {
  /** The span's `traces` row (set as the store files the span; its spans leave it without a decode). */
  trace: TraceRow | undefined = undefined;

  constructor(
    readonly rowId: number,
    readonly project: string,
    readonly receivedAt: Date,
    readonly id: string,
    readonly startMicros: number,
    private readonly packing: Packing<S> | undefined,
    /** The span itself, or the context its bytes decode with. */
    private readonly held: unknown,
    readonly chunk: number,
    private readonly offset: number,
    private readonly length: number,
  ) {}

  get span(): S {
    if (this.chunk < 0) return this.held as S;
    const { codec, arena } = this.packing!;
    return codec.decode(arena.view(this.chunk, this.offset, this.length), this.held);
  }
}

