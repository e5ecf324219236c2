namespace BindingConformance.Oracles.Workers;

/// <summary>How a worker takes its intra-op thread count (<c>--threads N</c>), and the count the product asks for.</summary>
/// <param name="Argument">The option the count follows, e.g. <c>--threads</c>.</param>
/// <param name="Count">The count the product runs the binding at (one, so that time-cost cells compare bindings at the same
/// parallelism); null leaves it to <c>BINDING_CONFORMANCE_THREADS</c>, else the binding's default.</param>
public sealed record ThreadsArgument(string Argument, int? Count);
