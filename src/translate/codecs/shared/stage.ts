/**
 * A synchronous stream stage: the unit every codec stream step is written as. Stages are
 * wrapped into TransformStreams (one per stage, or several composed into one, which avoids
 * a queue per step). A stage never throws on bad input: decoders turn it into error events.
 */
export interface Stage<I, O> {
  push(input: I, emit: (out: O) => void): void;
  flush(emit: (out: O) => void): void;
}

export function toTransformStream<I, O>(stage: Stage<I, O>): TransformStream<I, O> {
  return new TransformStream<I, O>({
    transform(chunk, controller) {
      stage.push(chunk, (o) => controller.enqueue(o));
    },
    flush(controller) {
      stage.flush((o) => controller.enqueue(o));
    },
  });
}

/** Runs `a` then `b` as one stage. */
export function compose<A, B, C>(a: Stage<A, B>, b: Stage<B, C>): Stage<A, C> {
  return {
    push(input, emit) {
      a.push(input, (mid) => b.push(mid, emit));
    },
    flush(emit) {
      a.flush((mid) => b.push(mid, emit));
      b.flush(emit);
    },
  };
}

/** Runs a stage over a whole input list (tests, non-stream helpers). */
export function runStage<I, O>(stage: Stage<I, O>, inputs: Iterable<I>): O[] {
  const out: O[] = [];
  const emit = (o: O) => out.push(o);
  for (const i of inputs) stage.push(i, emit);
  stage.flush(emit);
  return out;
}
